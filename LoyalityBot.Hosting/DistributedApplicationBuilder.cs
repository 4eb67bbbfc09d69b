using System.Reflection;
using LoyalityBot.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace LoyalityBot.Hosting;

internal sealed class DistributedApplicationBuilder : IDistributedApplicationBuilder
{
    public DistributedApplicationBuilder(DistributedApplicationOptions options)
    {
        Options = options;
        CommandLine = AppHostCommandLine.Parse(options.Args);
        AppHostAssembly = options.AppHostAssembly ?? Assembly.GetEntryAssembly()
            ?? throw new InvalidOperationException("No AppHost assembly: pass DistributedApplicationOptions.AppHostAssembly.");
        AppHostDirectory = Metadata("AppHostProjectDirectory") ?? AppContext.BaseDirectory;
        ExecutionContext = new DistributedApplicationExecutionContext(CommandLine.Publisher is null
            ? DistributedApplicationOperation.Run
            : DistributedApplicationOperation.Publish);

        Configuration = new ConfigurationManager();
        Configuration.SetBasePath(AppHostDirectory);
        Configuration.AddJsonFile("appsettings.json", optional: true);
        Configuration.AddUserSecrets(AppHostAssembly, optional: true);
        Configuration.AddEnvironmentVariables();
        Configuration.AddCommandLine(CommandLine.ConfigurationArgs);
    }

    public DistributedApplicationOptions Options { get; }

    internal AppHostCommandLine CommandLine { get; }

    public Assembly AppHostAssembly { get; }

    public ConfigurationManager Configuration { get; }

    public string AppHostDirectory { get; }

    public DistributedApplicationExecutionContext ExecutionContext { get; }

    public IList<IResource> Resources { get; } = [];

    /// <summary>Debug or Release: the options' choice, else the AppHost's own build configuration; projects start from it.</summary>
    public string BuildConfiguration => Options.BuildConfiguration ?? Metadata("AppHostConfiguration") ?? "Debug";

    private string? Metadata(string key) =>
        AppHostAssembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;

    public IResourceBuilder<T> AddResource<T>(T resource) where T : IResource
    {
        if (Resources.Any(r => string.Equals(r.Name, resource.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException($"Cannot add resource '{resource.Name}': a resource of that name exists already.");
        }
        Resources.Add(resource);
        return CreateResourceBuilder(resource);
    }

    public IResourceBuilder<T> CreateResourceBuilder<T>(T resource) where T : IResource => new ResourceBuilder<T>(this, resource);

    public DistributedApplication Build()
    {
        // Tests load the AppHost's Program the way Aspire.Hosting.Testing does: it stops here and hands them the builder.
        if (DistributedApplicationTestingHook.TryIntercept(this))
        {
            throw new Microsoft.Extensions.Hosting.HostAbortedException("The testing builder took the app model.");
        }
        return new DistributedApplication(this);
    }
}
