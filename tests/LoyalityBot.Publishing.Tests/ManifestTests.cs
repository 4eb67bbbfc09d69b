using System.Text.RegularExpressions;
using LoyalityBot.Publishing.Tests.Infrastructure;

namespace LoyalityBot.Publishing.Tests;

public sealed partial class ManifestTests(ManifestFixture fixture) : IClassFixture<ManifestFixture>
{
    [Fact]
    public async Task Manifest_is_valid_against_the_aspire_8_0_schema()
    {
        var output = await Validators.RunAsync("validate-manifest.mjs", "aspire-8.0.json", fixture.Path);

        Assert.Contains("valid against", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schema_validator_rejects_a_field_aspire_does_not_allow()
    {
        // The validator must be able to fail: replicas on a container is exactly what Aspire's schema forbids.
        var broken = JsonNode.Parse(fixture.Manifest.ToJsonString())!;
        broken["resources"]!["cache"]!["replicas"] = 2;
        var path = System.IO.Path.Combine(fixture.Directory, "broken-manifest.json");
        await File.WriteAllTextAsync(path, broken.ToJsonString(), TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Validators.RunAsync("validate-manifest.mjs", "aspire-8.0.json", path));

        Assert.Contains("additionalProperty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_placeholder_resolves_to_a_resource_in_the_manifest()
    {
        var placeholders = Strings(fixture.Manifest).SelectMany(s => Placeholder().Matches(s)).ToList();

        Assert.NotEmpty(placeholders);
        foreach (var placeholder in placeholders)
        {
            var (name, path) = (placeholder.Groups[1].Value, placeholder.Groups[2].Value.Split('.'));
            var resource = fixture.Resources[name]?.AsObject();
            Assert.True(resource is not null, $"{placeholder.Value}: no resource '{name}'");
            var type = (string)resource["type"]!;
            var resolves = path switch
            {
                ["connectionString"] => resource["connectionString"] is not null,
                ["value"] => type is "parameter.v0" or "annotated.string",
                ["inputs", var input] => type == "parameter.v0" && resource["inputs"]?[input] is not null,
                ["bindings", var binding, "url" or "host" or "port" or "targetPort" or "scheme"] => resource["bindings"]?[binding] is not null,
                _ => false,
            };
            Assert.True(resolves, $"{placeholder.Value} does not resolve in resource '{name}' ({type})");
        }
    }

    [Fact]
    public void Servers_databases_and_passwords_have_aspires_shapes()
    {
        var postgres = fixture.Resources["postgres"]!;
        Assert.Equal("container.v0", (string)postgres["type"]!);
        Assert.StartsWith("docker.io/library/postgres:", (string)postgres["image"]!, StringComparison.Ordinal);
        Assert.Equal("Host={postgres.bindings.tcp.host};Port={postgres.bindings.tcp.port};Username=postgres;Password={postgres-password.value}",
            (string)postgres["connectionString"]!);
        Assert.Equal(5432, (int)postgres["bindings"]!["tcp"]!["targetPort"]!);
        Assert.Equal("{postgres-password.value}", (string)postgres["env"]!["POSTGRES_PASSWORD"]!);

        Assert.Equal("value.v0", (string)fixture.Resources["loyalty"]!["type"]!);
        Assert.Equal("{postgres.connectionString};Database=loyalty", (string)fixture.Resources["loyalty"]!["connectionString"]!);

        var password = fixture.Resources["postgres-password"]!;
        Assert.Equal("parameter.v0", (string)password["type"]!);
        Assert.Equal("{postgres-password.inputs.value}", (string)password["value"]!);
        Assert.True((bool)password["inputs"]!["value"]!["secret"]!);
        Assert.Equal(22, (int)password["inputs"]!["value"]!["default"]!["generate"]!["minLength"]!);

        Assert.Equal("redis", (string)fixture.Resources["cache"]!["bindings"]!["tcp"]!["scheme"]!);
        Assert.Equal("amqp://guest:{messaging-password-uri-encoded.value}@{messaging.bindings.tcp.host}:{messaging.bindings.tcp.port}",
            (string)fixture.Resources["messaging"]!["connectionString"]!);
        var encoded = fixture.Resources["messaging-password-uri-encoded"]!;
        Assert.Equal("annotated.string", (string)encoded["type"]!);
        Assert.Equal("uri", (string)encoded["filter"]!);
    }

    [Fact]
    public void Read_replicas_are_a_container_and_the_read_only_database_a_value_naming_them()
    {
        var replicas = fixture.Resources["postgres-replicas"]!;
        Assert.Equal("container.v0", (string)replicas["type"]!);
        Assert.Equal("{postgres.bindings.tcp.host}", (string)replicas["env"]!["PRIMARY_HOST"]!);
        Assert.NotNull(replicas["bindings"]!["tcp-0"]);

        var readOnly = (string)fixture.Resources["loyalty-readonly"]!["connectionString"]!;
        Assert.Equal("value.v0", (string)fixture.Resources["loyalty-readonly"]!["type"]!);
        Assert.StartsWith("Host={postgres-replicas.bindings.tcp-0.host}:{postgres-replicas.bindings.tcp-0.port},{postgres.bindings.tcp.host}", readOnly, StringComparison.Ordinal);
        Assert.Contains("Target Session Attributes=prefer-standby", readOnly, StringComparison.Ordinal);
    }

    [Fact]
    public void Projects_have_paths_bindings_and_aspires_environment()
    {
        foreach (var name in new[] { "api", "bots", "workers", "migrations" })
        {
            var project = fixture.Resources[name]!;
            Assert.Equal("project.v0", (string)project["type"]!);
            var path = (string)project["path"]!;
            Assert.False(System.IO.Path.IsPathRooted(path), $"{name}: path must be relative to the manifest");
            Assert.True(File.Exists(System.IO.Path.Combine(fixture.Directory, path)), $"{name}: {path} does not exist");
            var env = project["env"]!;
            Assert.Equal("in_memory", (string)env["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"]!);
            Assert.Equal("true", (string)env["ASPNETCORE_FORWARDEDHEADERS_ENABLED"]!);
            Assert.Equal($"{{{name}.bindings.http.targetPort}}", (string)env["HTTP_PORTS"]!);
            Assert.Equal("{loyalty.connectionString}", (string)env["ConnectionStrings__loyalty"]!);
            Assert.Equal("http", (string)project["bindings"]!["http"]!["scheme"]!);
        }
        Assert.True((bool)fixture.Resources["api"]!["bindings"]!["http"]!["external"]!);
        Assert.Null(fixture.Resources["workers"]!["bindings"]!["http"]!["external"]);
        Assert.Equal("{cache.connectionString}", (string)fixture.Resources["bots"]!["env"]!["ConnectionStrings__cache"]!);
        Assert.Equal("{loyalty-readonly.connectionString}", (string)fixture.Resources["api"]!["env"]!["ConnectionStrings__loyalty-readonly"]!);
    }

    [Fact]
    public void Replica_counts_and_the_migration_job_survive_in_the_extension_resource()
    {
        var extension = fixture.Resources["loyalitybot-deployment"]!;

        Assert.Equal("loyalitybot.deployment.v0", (string)extension["type"]!);
        Assert.Equal(2, (int)extension["replicas"]!["api"]!);
        Assert.Equal(3, (int)extension["replicas"]!["bots"]!);
        Assert.Equal(2, (int)extension["replicas"]!["workers"]!);
        Assert.Equal(1, (int)extension["replicas"]!["postgres-replicas"]!);
        Assert.Equal(["migrations"], extension["runToCompletion"]!.AsArray().Select(n => (string)n!));
    }

    [Fact]
    public void Publish_mode_asks_for_the_real_bot_tokens_instead_of_running_the_sandbox()
    {
        Assert.Null(fixture.Resources["telegram"]);
        var token = fixture.Resources["client-bot-token"]!;
        Assert.Equal("parameter.v0", (string)token["type"]!);
        Assert.Null(token["inputs"]!["value"]!["default"]);
        Assert.Equal("{client-bot-token.value}", (string)fixture.Resources["bots"]!["env"]!["Telegram__Bots__client__Token"]!);
    }

    [Fact]
    public async Task Publishing_twice_gives_identical_bytes()
    {
        var again = Publish.TemporaryDirectory("manifest-again");
        try
        {
            await Publish.RunAsync("manifest", System.IO.Path.Combine(again, "aspire-manifest.json"));

            Assert.Equal(await File.ReadAllBytesAsync(fixture.Path, TestContext.Current.CancellationToken),
                await File.ReadAllBytesAsync(System.IO.Path.Combine(again, "aspire-manifest.json"), TestContext.Current.CancellationToken));
        }
        finally
        {
            Directory.Delete(again, recursive: true);
        }
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => Strings(p.Value)),
        JsonArray array => array.SelectMany(Strings),
        JsonValue value when value.TryGetValue<string>(out var text) => [text],
        _ => [],
    };

    [GeneratedRegex(@"\{([a-zA-Z][a-zA-Z0-9-]*)\.([a-zA-Z0-9.-]+)\}")]
    private static partial Regex Placeholder();
}
