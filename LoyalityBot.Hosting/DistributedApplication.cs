using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using LoyalityBot.Hosting.ApplicationModel;
using LoyalityBot.Hosting.Dashboard;
using LoyalityBot.Hosting.Publishing;
using LoyalityBot.Hosting.Runtime;
using Microsoft.Extensions.Configuration;

namespace LoyalityBot.Hosting;

/// <summary>
/// The built app model and what it is asked to do: run locally (with the dashboard), <c>check</c> that
/// everything becomes healthy, or publish deployment artifacts (Aspire's DistributedApplication).
/// </summary>
public sealed class DistributedApplication : IAsyncDisposable
{
    private readonly DistributedApplicationBuilder _builder;
    private ChildProcessWatchdog? _watchdog;
    private StateDirectory? _state;
    private DashboardServer? _dashboard;

    internal DistributedApplication(DistributedApplicationBuilder builder) => _builder = builder;

    public static IDistributedApplicationBuilder CreateBuilder(string[] args) =>
        CreateBuilder(DistributedApplicationTestingHook.OverrideOptions ?? new DistributedApplicationOptions { Args = args });

    public static IDistributedApplicationBuilder CreateBuilder(DistributedApplicationOptions options) =>
        new DistributedApplicationBuilder(options);

    public IReadOnlyList<IResource> Resources => [.. _builder.Resources];

    public DistributedApplicationExecutionContext ExecutionContext => _builder.ExecutionContext;

    /// <summary>The local runtime, once <see cref="StartAsync"/> has run.</summary>
    public Orchestrator Orchestrator { get; private set; } = null!;

    /// <summary>The dashboard's login URL (with its browser token), once started.</summary>
    public string? DashboardLoginUrl => _dashboard?.LoginUrl;

    public string? DashboardUrl => _dashboard?.Url;

    /// <summary>Runs what the command line asks for and sets the process exit code (0 on success).</summary>
    public void Run() => RunAsync().GetAwaiter().GetResult();

    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            Environment.ExitCode = _builder.CommandLine switch
            {
                { Publisher: { } publisher } => await PublishAsync(publisher, _builder.CommandLine.OutputPath!, cancellationToken),
                { Check: true } => await CheckAsync(cancellationToken),
                _ => await RunUntilStoppedAsync(cancellationToken),
            };
        }
        catch (Exception ex) when (ex is MissingPrerequisiteException or StateDirectoryInUseException)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            Environment.ExitCode = 1;
        }
        finally
        {
            await DisposeAsync();
        }
    }

    private async Task<int> PublishAsync(string publisherName, string outputPath, CancellationToken cancellationToken)
    {
        var publisher = Publishers.Find(publisherName);
        await publisher.PublishAsync(new PublishingContext(Resources, _builder.Configuration, _builder.AppHostDirectory, Path.GetFullPath(outputPath)), cancellationToken);
        Console.WriteLine($"Published {publisherName} to: {Path.GetFullPath(outputPath)}");
        return 0;
    }

    /// <summary>Starts every resource: parameters, the state directory, the watchdog, the servers and projects, the dashboard.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var stateRoot = _builder.Options.StateDirectory
            ?? _builder.Configuration["AppHost:StateDirectory"]
            ?? Path.Combine(Path.GetDirectoryName(_builder.AppHostDirectory.TrimEnd('/'))!, ".loyalitybot");
        var state = _state = StateDirectory.Open(stateRoot, _builder.CommandLine.Fresh);
        ResolveParameters(state);

        _dashboard = _builder.Options.DisableDashboard ? null : DashboardServer.Create(_builder.Configuration);
        var settings = new ProjectRunSettings(
            _builder.Configuration["DOTNET_ENVIRONMENT"] ?? _builder.Configuration["ASPNETCORE_ENVIRONMENT"] ?? "Development",
            _builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] ?? _dashboard?.OtlpUrl);
        _watchdog = new ChildProcessWatchdog(state.RunDirectory);
        Orchestrator = new Orchestrator(Resources, new RuntimeServices(state, ServerBinaries.FromEnvironment(), _watchdog, _builder.BuildConfiguration, settings));
        // The dashboard's web host boots while the resources start (its ports, and so the OTLP URL, are already chosen).
        var dashboard = _dashboard?.StartAsync(Orchestrator, cancellationToken) ?? Task.CompletedTask;
        await Orchestrator.StartAsync(cancellationToken);
        try
        {
            await dashboard;
        }
        catch
        {
            await Orchestrator.StopAsync(); // its port taken: fail as before, with nothing left running
            throw;
        }
    }

    private void ResolveParameters(StateDirectory state)
    {
        foreach (var parameter in Resources.OfType<ParameterResource>())
        {
            parameter.Value = _builder.Configuration[$"Parameters:{parameter.Name}"]
                ?? (parameter.Generate is { } generate
                    ? state.GetOrCreateSecret(parameter.Name, generate)
                    : throw new InvalidOperationException(
                        $"Parameter '{parameter.Name}' has no value: set Parameters:{parameter.Name} (user-secrets or Parameters__{parameter.Name})."));
        }
    }

    public Task WaitForResourceHealthyAsync(string name, CancellationToken cancellationToken = default) =>
        Orchestrator.WaitForResourceHealthyAsync(name, cancellationToken);

    public async Task StopAsync()
    {
        if (Orchestrator is not null)
        {
            await Orchestrator.StopAsync();
        }
        if (_dashboard is not null)
        {
            await _dashboard.DisposeAsync();
            _dashboard = null;
        }
        _watchdog?.Dispose();
        _watchdog = null;
        // Last: the servers that used the directory are stopped.
        _state?.Dispose();
        _state = null;
    }

    private async Task<int> RunUntilStoppedAsync(CancellationToken cancellationToken)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true; // we stop in order ourselves
            stopping.Cancel();
        }

        var console = new ConsoleSummary(Console.Out);
        await StartAsync(stopping.Token);
        Orchestrator.ResourceChanged += console.OnResourceChanged;
        console.PrintStarted(Orchestrator.State.Root, _dashboard?.LoginUrl);
        try
        {
            await Orchestrator.WaitForAllHealthyAsync(stopping.Token);
            console.PrintTable(Orchestrator.GetResources());
            await Task.Delay(Timeout.Infinite, stopping.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (InvalidOperationException ex)
        {
            await Console.Error.WriteLineAsync($"A resource failed: {ex.Message}. Press Ctrl+C to stop.");
            await Task.Delay(Timeout.Infinite, stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        Console.WriteLine("Stopping...");
        await StopAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Stopped in {Orchestrator.StoppedIn.TotalSeconds:0.0} s."));
        return 0;
    }

    /// <summary>The <c>check</c> verb: start, wait until everything is healthy or 120 s pass, report, stop.</summary>
    private async Task<int> CheckAsync(CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        await StartAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(_builder.Configuration.GetValue("AppHost:CheckTimeoutSeconds", 120)));
        string? failure = null;
        try
        {
            await Orchestrator.WaitForAllHealthyAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            failure = "timed out";
        }
        catch (InvalidOperationException ex)
        {
            failure = ex.Message;
        }
        var elapsed = stopwatch.Elapsed;
        new ConsoleSummary(Console.Out).PrintTable(Orchestrator.GetResources());
        Console.WriteLine(failure is null
            ? string.Create(CultureInfo.InvariantCulture, $"All resources healthy in {elapsed.TotalSeconds:0.00} s")
            : $"Not healthy: {failure}");
        await StopAsync();
        return failure is null ? 0 : 1;
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
