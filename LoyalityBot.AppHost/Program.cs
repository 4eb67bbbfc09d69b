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

// Services: each behind the AppHost's load balancer, healthy when /health (every dependency) answers,
// started once the data, cache, migrations and Telegram they use are ready. Not the broker: it boots (an Erlang VM, the
// slowest server to start) while the services do, and they connect to it with retries (RabbitMQConnectionSource).
IResourceBuilder<ProjectResource> AddService(string name, string projectPath, int replicas) =>
    telegram.AddTo(builder.AddProject(name, projectPath)
        .WithReplicas(replicas)
        .WithHttpHealthCheck("/health")
        .WithReference(loyalty).WaitFor(loyalty)
        .WithReference(loyaltyReadOnly).WaitFor(loyaltyReadOnly)
        .WithReference(cache).WaitFor(cache)
        .WithReference(messaging)
        .WaitForCompletion(migrations));

// Keys every replica must share: payment QR tokens (bots and API issue them, the partner bot redeems them) and the
// API's session tokens. Generated once and kept in .loyalitybot/ unless Parameters:<name> is configured.
var paymentSigningKey = builder.AddParameter("payment-signing-key", new GenerateParameterDefault(43, Special: false), secret: true);
var sessionSigningKey = builder.AddParameter("session-signing-key", new GenerateParameterDefault(43, Special: false), secret: true);

AddService("api", "../LoyalityBot.Api/LoyalityBot.Api.csproj", replicas: 2).WithExternalHttpEndpoints()
    .WithEnvironment("Payments__SigningKey", paymentSigningKey.Resource)
    .WithEnvironment("Auth__SessionSigningKey", sessionSigningKey.Resource);
// Telegram sends this with every webhook delivery; the bots refuse any update without it.
var webhookSecret = builder.AddParameter("telegram-webhook-secret", new GenerateParameterDefault(43, Special: false), secret: true);
var bots = AddService("bots", "../LoyalityBot.Bots/LoyalityBot.Bots.csproj", replicas: 3).WithExternalHttpEndpoints()
    .WithEnvironment("Payments__SigningKey", paymentSigningKey.Resource)
    .WithEnvironment("Telegram__WebhookSecret", webhookSecret.Resource);
// The bots' own load-balanced endpoint is where Telegram delivers: any replica may get any update.
bots.WithEnvironment("Telegram__WebhookBaseUrl", bots.Resource.GetEndpoint("http"));
TelegramBots.AddAdmins(builder, bots);
AddService("workers", "../LoyalityBot.Workers/LoyalityBot.Workers.csproj", replicas: 2);

// Publishing: the regions the Kubernetes publisher writes overlays for, and the public Ingress paths.
DeploymentRegions.Add(builder);

builder.Build().Run();
