namespace LoyalityBot.Hosting;

public enum DistributedApplicationOperation
{
    /// <summary>Start every resource locally and keep running until stopped.</summary>
    Run,

    /// <summary>Write deployment artifacts (<c>--publisher manifest|kubernetes --output-path …</c>).</summary>
    Publish,
}

/// <summary>What the AppHost was asked to do, read from its command line (Aspire's execution context).</summary>
public sealed class DistributedApplicationExecutionContext(DistributedApplicationOperation operation)
{
    public DistributedApplicationOperation Operation { get; } = operation;

    public bool IsRunMode => Operation == DistributedApplicationOperation.Run;

    public bool IsPublishMode => Operation == DistributedApplicationOperation.Publish;
}
