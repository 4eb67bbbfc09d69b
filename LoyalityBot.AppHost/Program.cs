using LoyalityBot.AppHost.Extensions;

var builder = DistributedApplication.CreateBuilder(args);

// Infrastructure: real servers on loopback, with generated passwords kept in .loyalitybot/.
var cache = builder.AddRedis("cache");
var postgres = builder.AddPostgres("postgres").WithReadReplicas(1);
var loyalty = postgres.AddDatabase("loyalty");
var loyaltyReadOnly = loyalty.AddReadOnlyDatabase("loyalty-readonly");
var messaging = builder.AddRabbitMQ("messaging");

// EF Core migrations run once, to completion, before any service starts (a Job in Kubernetes).
var migrations = builder.AddProject("migrations", "../LoyalityBot.MigrationService/LoyalityBot.MigrationService.csproj")
    .WithReference(loyalty).WaitFor(loyalty);

// Telegram itself when bot tokens are configured, else the Telegram sandbox (resource "telegram").
var telegram = TelegramBots.Add(builder);

// Services: each behind the AppHost's load balancer, healthy when /health (every dependency) answers.
var api = builder.AddProject("api", "../LoyalityBot.Api/LoyalityBot.Api.csproj")
    .WithReplicas(2)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WithReference(loyalty).WaitFor(loyalty)
    .WithReference(loyaltyReadOnly).WaitFor(loyaltyReadOnly)
    .WithReference(cache).WaitFor(cache)
    .WithReference(messaging).WaitFor(messaging)
    .WaitForCompletion(migrations);
telegram.AddTo(api);

var bots = builder.AddProject("bots", "../LoyalityBot.Bots/LoyalityBot.Bots.csproj")
    .WithReplicas(3)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WithReference(loyalty).WaitFor(loyalty)
    .WithReference(loyaltyReadOnly).WaitFor(loyaltyReadOnly)
    .WithReference(cache).WaitFor(cache)
    .WithReference(messaging).WaitFor(messaging)
    .WaitForCompletion(migrations);
telegram.AddTo(bots);

var workers = builder.AddProject("workers", "../LoyalityBot.Workers/LoyalityBot.Workers.csproj")
    .WithReplicas(2)
    .WithHttpHealthCheck("/health")
    .WithReference(loyalty).WaitFor(loyalty)
    .WithReference(loyaltyReadOnly).WaitFor(loyaltyReadOnly)
    .WithReference(cache).WaitFor(cache)
    .WithReference(messaging).WaitFor(messaging)
    .WaitForCompletion(migrations);
telegram.AddTo(workers);

// Publishing: the regions the Kubernetes publisher writes overlays for, and the public Ingress paths.
DeploymentRegions.Add(builder);

builder.Build().Run();
