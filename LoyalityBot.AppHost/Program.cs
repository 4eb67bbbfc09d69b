using LoyalityBot.AppHost.Extensions;

var builder = DistributedApplication.CreateBuilder(args);

// Infrastructure (LoyaltyBackingServices): Redis "cache", Postgres "postgres" with a read replica and the databases
// "loyalty" and "loyalty-readonly", RabbitMQ "messaging", and the EF Core "migrations" job the services wait for.
var backing = LoyaltyBackingServices.Add(builder);

// Telegram itself when bot tokens are configured, else the Telegram sandbox (resource "telegram").
var telegram = TelegramBots.Add(builder);

// Services: each load-balanced over its replicas, wired to the backing services and to Telegram.
IResourceBuilder<ProjectResource> AddService(string name, string projectPath, int replicas) =>
    telegram.AddTo(backing.AddService(name, projectPath, replicas));

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
