namespace LoyalityBot.AppHost.Extensions;

/// <summary>
/// The servers and the migrations job behind every LoyalityBot service, and how a service is wired to them. The
/// AppHost declares its model with this, and so do the benchmarks that run a slice of that model (the api benchmark:
/// the same backing services with the API alone), so a slice cannot drift from the real thing.
/// </summary>
public sealed class LoyaltyBackingServices
{
    private readonly IDistributedApplicationBuilder _builder;

    private LoyaltyBackingServices(IDistributedApplicationBuilder builder)
    {
        _builder = builder;
        // Real servers on loopback, with generated passwords kept in .loyalitybot/.
        Cache = builder.AddRedis("cache");
        var postgres = builder.AddPostgres("postgres").WithReadReplicas(1);
        Loyalty = postgres.AddDatabase("loyalty");
        LoyaltyReadOnly = Loyalty.AddReadOnlyDatabase("loyalty-readonly");
        Messaging = builder.AddRabbitMQ("messaging");
        // EF Core migrations run once, to completion, before any service starts (a Job in Kubernetes).
        Migrations = builder.AddProject("migrations", "../LoyalityBot.MigrationService/LoyalityBot.MigrationService.csproj")
            .WithReference(Loyalty).WaitFor(Loyalty);
    }

    public IResourceBuilder<RedisResource> Cache { get; }

    public IResourceBuilder<PostgresDatabaseResource> Loyalty { get; }

    public IResourceBuilder<PostgresReadOnlyDatabaseResource> LoyaltyReadOnly { get; }

    public IResourceBuilder<RabbitMQServerResource> Messaging { get; }

    public IResourceBuilder<ProjectResource> Migrations { get; }

    public static LoyaltyBackingServices Add(IDistributedApplicationBuilder builder) => new(builder);

    /// <summary>
    /// A service behind the AppHost's load balancer, healthy when /health (every dependency) answers, started once the
    /// data, cache, broker and migrations it uses are ready. Its RabbitMQ client would also wait for a broker that is
    /// not up yet (RabbitMQConnectionSource), but starting the services beside the booting broker made the whole start
    /// slower on 2 cores (docs/benchmarks.md): they take the CPU the broker's boot needs, then wait for it anyway.
    /// </summary>
    public IResourceBuilder<ProjectResource> AddService(string name, string projectPath, int replicas) =>
        _builder.AddProject(name, projectPath)
            .WithReplicas(replicas)
            .WithHttpHealthCheck("/health")
            .WithReference(Loyalty).WaitFor(Loyalty)
            .WithReference(LoyaltyReadOnly).WaitFor(LoyaltyReadOnly)
            .WithReference(Cache).WaitFor(Cache)
            .WithReference(Messaging).WaitFor(Messaging)
            .WaitForCompletion(Migrations);
}
