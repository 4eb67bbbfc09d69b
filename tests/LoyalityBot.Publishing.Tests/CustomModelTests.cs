using LoyalityBot.Hosting;
using LoyalityBot.Hosting.ApplicationModel;
using LoyalityBot.Hosting.Publishing;
using LoyalityBot.Hosting.Publishing.Kubernetes;
using LoyalityBot.Hosting.Testing;
using LoyalityBot.Publishing.Tests.Infrastructure;

namespace LoyalityBot.Publishing.Tests;

/// <summary>The publishers follow whatever app model they are given, not the AppHost's names.</summary>
public sealed class CustomModelTests
{
    [Fact]
    public async Task A_different_model_gives_its_own_deployments_jobs_and_secrets()
    {
        var builder = DistributedApplicationTestingBuilder.CreateEmpty("custom-model");
        var store = builder.AddRedis("store");
        var setup = builder.AddProject("setup", "../LoyalityBot.MigrationService/LoyalityBot.MigrationService.csproj");
        builder.AddProject("front", "../LoyalityBot.Api/LoyalityBot.Api.csproj")
            .WithReplicas(4)
            .WithExternalHttpEndpoints()
            .WithReference(store).WaitFor(store)
            .WaitForCompletion(setup);
        builder.AddDeploymentRegion(new DeploymentRegion("mars", "mars.example", ["Olympus Mons"], AlertChatId: -1));
        builder.AddIngressRoute("/", "front");

        var files = await PublishAsync(builder);

        var front = files["base/front.yaml"];
        Assert.Contains("kind: Deployment", front, StringComparison.Ordinal);
        Assert.Contains("replicas: 4", front, StringComparison.Ordinal);
        Assert.Contains("job/setup", front, StringComparison.Ordinal);
        Assert.Contains("value: \"store:6379,password=$(SECRET_STORE_PASSWORD)\"", front, StringComparison.Ordinal);
        Assert.Contains("kind: Job", files["base/setup.yaml"], StringComparison.Ordinal);
        Assert.Contains("- store-password=secrets/store-password", files["overlays/mars/kustomization.yaml"], StringComparison.Ordinal);
        Assert.Contains("host: mars.example", files["overlays/mars/ingress.yaml"], StringComparison.Ordinal);
        Assert.DoesNotContain(files.Keys, f => f.StartsWith("overlays/eu/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_secret_that_would_need_uri_encoding_is_refused()
    {
        var builder = DistributedApplicationTestingBuilder.CreateEmpty("uri-encoding");
        var postgres = builder.AddPostgres("db"); // its generated password has special characters
        builder.AddProject("front", "../LoyalityBot.Api/LoyalityBot.Api.csproj")
            .WithEnvironment("DB_URI", new UriEncodedValue(postgres.Resource.PasswordParameter));
        builder.AddDeploymentRegion(new DeploymentRegion("mars", "mars.example", [], AlertChatId: -1));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PublishAsync(builder));

        Assert.Contains("{db-password-uri-encoded.value}", error.Message, StringComparison.Ordinal);
    }

    private static async Task<SortedDictionary<string, string>> PublishAsync(IDistributedApplicationBuilder builder)
    {
        await using var app = builder.Build();
        var output = Publish.TemporaryDirectory("custom");
        try
        {
            await new KubernetesPublisher().PublishAsync(
                new PublishingContext(app.Resources, builder.Configuration, builder.AppHostDirectory, output), TestContext.Current.CancellationToken);
            return new(Publish.ReadTree(output).ToDictionary(f => f.Key, f => System.Text.Encoding.UTF8.GetString(f.Value)), StringComparer.Ordinal);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
