var builder = DistributedApplication.CreateBuilder(args);

// Infrastructure: real servers on loopback, with generated passwords kept in .loyalitybot/.
var cache = builder.AddRedis("cache");
var postgres = builder.AddPostgres("postgres").WithReadReplicas(1);
var loyalty = postgres.AddDatabase("loyalty");
var loyaltyReadOnly = loyalty.AddReadOnlyDatabase("loyalty-readonly");
var messaging = builder.AddRabbitMQ("messaging");

// Services: each behind the AppHost's load balancer, healthy when /health (every dependency) answers.
builder.AddProject("api", "../LoyalityBot.Api/LoyalityBot.Api.csproj")
    .WithReplicas(2)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WithReference(loyalty).WaitFor(loyalty)
    .WithReference(loyaltyReadOnly).WaitFor(loyaltyReadOnly)
    .WithReference(cache).WaitFor(cache)
    .WithReference(messaging).WaitFor(messaging);

builder.AddProject("bots", "../LoyalityBot.Bots/LoyalityBot.Bots.csproj")
    .WithReplicas(3)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WithReference(loyalty).WaitFor(loyalty)
    .WithReference(loyaltyReadOnly).WaitFor(loyaltyReadOnly)
    .WithReference(cache).WaitFor(cache)
    .WithReference(messaging).WaitFor(messaging);

builder.AddProject("workers", "../LoyalityBot.Workers/LoyalityBot.Workers.csproj")
    .WithReplicas(2)
    .WithHttpHealthCheck("/health")
    .WithReference(loyalty).WaitFor(loyalty)
    .WithReference(loyaltyReadOnly).WaitFor(loyaltyReadOnly)
    .WithReference(cache).WaitFor(cache)
    .WithReference(messaging).WaitFor(messaging);

builder.Build().Run();
