using LoyalityBot.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace LoyalityBot.Hosting.Publishing;

/// <summary>Writes the app model out as deployment artifacts (<c>--publisher NAME --output-path PATH</c>).</summary>
public interface IPublisher
{
    string Name { get; }

    Task PublishAsync(PublishingContext context, CancellationToken cancellationToken);
}

public sealed record PublishingContext(IReadOnlyList<IResource> Resources, IConfiguration Configuration, string AppHostDirectory, string OutputPath);
