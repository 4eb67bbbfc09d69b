using LoyalityBot.Hosting.Publishing;

namespace LoyalityBot.AppHost.Extensions;

/// <summary>
/// Where LoyalityBot is deployed (docs/regions.md): one Kubernetes overlay per region, each with its own
/// database, cache, broker and services. Every value can be overridden at publish time, e.g.
/// <c>--Publishing:Regions:eu:Host=eu.bots.example.org --Publishing:Regions:eu:AlertChatId=-100…</c>.
/// </summary>
internal static class DeploymentRegions
{
    public static void Add(IDistributedApplicationBuilder builder)
    {
        builder.AddDeploymentRegion(new DeploymentRegion(
            "eu",
            Host: "eu.loyalitybot.example",
            Cities: ["Moscow", "Saint Petersburg", "Kazan", "Nizhny Novgorod", "Minsk", "Berlin"],
            AlertChatId: -1001000000001));
        builder.AddDeploymentRegion(new DeploymentRegion(
            "asia",
            Host: "asia.loyalitybot.example",
            Cities: ["Novosibirsk", "Yekaterinburg", "Krasnoyarsk", "Vladivostok", "Almaty", "Tashkent"],
            AlertChatId: -1001000000002,
            MaxReplicas: 6)
        {
            // Fewer clients so far: two bot instances are enough until autoscaling says otherwise.
            Replicas = new Dictionary<string, int> { ["bots"] = 2 },
        });

        // Public paths of every region's host: Telegram's webhook calls and the HTTP API.
        builder.AddIngressRoute("/telegram", "bots");
        builder.AddIngressRoute("/api", "api");
    }
}
