using LoyalityBot.Hosting.ApplicationModel;
using LoyalityBot.Hosting.Runtime;
using LoyalityBot.Hosting.Testing;

namespace LoyalityBot.Hosting.Tests;

/// <summary>Pins the environment variables and connection strings to Aspire's exact formats.</summary>
public sealed class ConnectionStringFormatTests
{
    private sealed record Model(
        IResourceBuilder<RedisResource> Cache,
        IResourceBuilder<PostgresServerResource> Postgres,
        IResourceBuilder<PostgresDatabaseResource> Loyalty,
        IResourceBuilder<PostgresReadOnlyDatabaseResource> LoyaltyReadOnly,
        IResourceBuilder<RabbitMQServerResource> Messaging,
        IResourceBuilder<ProjectResource> Api,
        IResourceBuilder<ProjectResource> Bots);

    /// <summary>A model like the AppHost's, with ports and passwords fixed as the orchestrator would set them.</summary>
    private static Model CreateModel()
    {
        var builder = DistributedApplicationTestingBuilder.CreateEmpty("formats");
        var cache = builder.AddRedis("cache");
        var postgres = builder.AddPostgres("postgres").WithReadReplicas(2);
        var loyalty = postgres.AddDatabase("loyalty");
        var readOnly = loyalty.AddReadOnlyDatabase("loyalty-readonly");
        var messaging = builder.AddRabbitMQ("messaging");
        var api = builder.AddProject("api", "../LoyalityBot.Api/LoyalityBot.Api.csproj");
        var bots = builder.AddProject("bots", "../LoyalityBot.Bots/LoyalityBot.Bots.csproj")
            .WithReplicas(3).WithReference(cache).WithReference(loyalty).WithReference(readOnly).WithReference(messaging).WithReference(api)
            .WithEnvironment("Telegram__Mode", "webhook");

        Allocate(cache.Resource, "tcp", 6380);
        Allocate(postgres.Resource, "tcp", 5433);
        Allocate(postgres.Resource.Replicas!, "tcp-0", 5434);
        Allocate(postgres.Resource.Replicas!, "tcp-1", 5435);
        Allocate(messaging.Resource, "tcp", 5673);
        Allocate(api.Resource, "http", 8081);
        cache.Resource.PasswordParameter.Value = "redispw";
        postgres.Resource.PasswordParameter.Value = "pg-pw";
        messaging.Resource.PasswordParameter.Value = "p@ss/word";
        return new Model(cache, postgres, loyalty, readOnly, messaging, api, bots);
    }

    private static void Allocate(IResource resource, string endpoint, int port)
    {
        var annotation = resource.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == endpoint);
        annotation.AllocatedEndpoint = new AllocatedEndpoint("127.0.0.1", port, annotation.UriScheme);
    }

    [Fact]
    public void Connection_strings_use_aspire_formats()
    {
        var model = CreateModel();

        Assert.Equal("127.0.0.1:6380,password=redispw", model.Cache.Resource.ConnectionStringExpression.GetValue());
        Assert.Equal("Host=127.0.0.1;Port=5433;Username=postgres;Password=pg-pw", model.Postgres.Resource.ConnectionStringExpression.GetValue());
        Assert.Equal("Host=127.0.0.1;Port=5433;Username=postgres;Password=pg-pw;Database=loyalty", model.Loyalty.Resource.ConnectionStringExpression.GetValue());
        Assert.Equal(
            "Host=127.0.0.1:5434,127.0.0.1:5435,127.0.0.1:5433;Username=postgres;Password=pg-pw;Database=loyalty;Load Balance Hosts=true;Target Session Attributes=prefer-standby",
            model.LoyaltyReadOnly.Resource.ConnectionStringExpression.GetValue());
        Assert.Equal("amqp://guest:p%40ss%2Fword@127.0.0.1:5673", model.Messaging.Resource.ConnectionStringExpression.GetValue());
    }

    [Fact]
    public void Manifest_expressions_use_aspire_placeholders()
    {
        var model = CreateModel();

        Assert.Equal("{cache.bindings.tcp.host}:{cache.bindings.tcp.port},password={cache-password.value}",
            model.Cache.Resource.ConnectionStringExpression.ValueExpression);
        Assert.Equal("Host={postgres.bindings.tcp.host};Port={postgres.bindings.tcp.port};Username=postgres;Password={postgres-password.value}",
            model.Postgres.Resource.ConnectionStringExpression.ValueExpression);
        Assert.Equal("{postgres.connectionString};Database=loyalty", model.Loyalty.Resource.ConnectionStringExpression.ValueExpression);
        Assert.Equal("amqp://guest:{messaging-password-uri-encoded.value}@{messaging.bindings.tcp.host}:{messaging.bindings.tcp.port}",
            model.Messaging.Resource.ConnectionStringExpression.ValueExpression);
    }

    [Fact]
    public void Project_replicas_get_aspire_environment_variables()
    {
        var model = CreateModel();

        var environment = ProjectEnvironment.ForReplica(model.Bots.Resource, replicaIndex: 1, port: 9001,
            new ProjectRunSettings("Development", "http://localhost:18890"));

        Assert.Equal("127.0.0.1:6380,password=redispw", environment["ConnectionStrings__cache"]);
        Assert.Equal("Host=127.0.0.1;Port=5433;Username=postgres;Password=pg-pw;Database=loyalty", environment["ConnectionStrings__loyalty"]);
        Assert.StartsWith("Host=127.0.0.1:5434,", environment["ConnectionStrings__loyalty-readonly"], StringComparison.Ordinal);
        Assert.Equal("amqp://guest:p%40ss%2Fword@127.0.0.1:5673", environment["ConnectionStrings__messaging"]);
        Assert.Equal("http://127.0.0.1:8081", environment["services__api__http__0"]);
        Assert.Equal("http://127.0.0.1:8081", environment["API_HTTP"]);
        Assert.Equal("http://127.0.0.1:9001", environment["ASPNETCORE_URLS"]);
        Assert.Equal("bots", environment["OTEL_SERVICE_NAME"]);
        Assert.Equal("service.instance.id=bots-1", environment["OTEL_RESOURCE_ATTRIBUTES"]);
        Assert.Equal("http://localhost:18890", environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("http/protobuf", environment["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        Assert.Equal("in_memory", environment["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"]);
        Assert.Equal("true", environment["ASPNETCORE_FORWARDEDHEADERS_ENABLED"]);
        Assert.Equal("Development", environment["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal("1000", environment["OTEL_BSP_SCHEDULE_DELAY"]);
        Assert.Equal("webhook", environment["Telegram__Mode"]);
    }

    [Fact]
    public void Without_an_otlp_endpoint_none_is_injected()
    {
        var model = CreateModel();

        var environment = ProjectEnvironment.ForReplica(model.Api.Resource, 0, 9000, new ProjectRunSettings("Production", null));

        Assert.DoesNotContain("OTEL_EXPORTER_OTLP_ENDPOINT", environment.Keys);
        Assert.DoesNotContain("OTEL_BSP_SCHEDULE_DELAY", environment.Keys);
        Assert.Equal("service.instance.id=api-0", environment["OTEL_RESOURCE_ATTRIBUTES"]);
    }

    [Theory]
    [InlineData("Bad_Name")]
    [InlineData("1cache")]
    [InlineData("cache--x")]
    public void Invalid_resource_names_are_rejected(string name)
    {
        var builder = DistributedApplicationTestingBuilder.CreateEmpty("names");

        var error = Assert.Throws<ArgumentException>(() => builder.AddRedis(name));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_resource_names_are_rejected()
    {
        var builder = DistributedApplicationTestingBuilder.CreateEmpty("names");
        builder.AddRedis("cache");

        Assert.Throws<InvalidOperationException>(() => builder.AddRabbitMQ("cache"));
    }
}
