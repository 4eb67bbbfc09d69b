using LoyalityBot.TelegramSandbox.Client;

namespace LoyalityBot.TelegramSandbox;

/// <summary>The <c>TelegramSandbox</c> configuration section (see README.md for the environment-variable keys).</summary>
public sealed class SandboxOptions
{
    public const string SectionName = "TelegramSandbox";

    public List<BotOptions> Bots { get; set; } = [];

    public SandboxLimits Limits { get; set; } = new();

    public WebhookOptions Webhook { get; set; } = new();
}

public sealed class BotOptions
{
    public string Name { get; set; } = "";

    public string Token { get; set; } = "";

    /// <summary>Defaults to <c>{Name}_bot</c>.</summary>
    public string? Username { get; set; }
}

public sealed class WebhookOptions
{
    /// <summary>The wait before the first retry of a failed delivery; each next retry doubles it.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Telegram caps its webhook backoff at about a minute.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
