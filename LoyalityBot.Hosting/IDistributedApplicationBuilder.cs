using LoyalityBot.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace LoyalityBot.Hosting;

/// <summary>Builds the app model (Aspire's IDistributedApplicationBuilder).</summary>
public interface IDistributedApplicationBuilder
{
    ConfigurationManager Configuration { get; }

    /// <summary>The AppHost project's directory; project paths are relative to it.</summary>
    string AppHostDirectory { get; }

    DistributedApplicationExecutionContext ExecutionContext { get; }

    IList<IResource> Resources { get; }

    IResourceBuilder<T> AddResource<T>(T resource) where T : IResource;

    IResourceBuilder<T> CreateResourceBuilder<T>(T resource) where T : IResource;

    DistributedApplication Build();
}
