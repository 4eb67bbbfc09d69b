namespace LoyalityBot.Bots.Telegram;

/// <summary>How updates arrive: Telegram POSTs them (webhook, behind the load balancer) or one replica polls.</summary>
public enum UpdateMode { Webhook, Polling }

/// <summary>
/// The <c>Telegram</c> section the AppHost fills: the Bot API address, each bot's token and username, and how
/// updates reach the replicas. Validated at start.
/// </summary>
public sealed class BotsOptions
{
    public const string SectionName = "Telegram";

    /// <summary>The three bots every replica serves.</summary>
    public static readonly string[] BotNames = ["client", "partner", "admin"];

    /// <summary>https://api.telegram.org when empty, or the sandbox's address.</summary>
    public string? ApiBaseUrl { get; set; }

    public Dictionary<string, BotCredentials> Bots { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public UpdateMode Mode { get; set; } = UpdateMode.Webhook;

    /// <summary>The public, load-balanced address Telegram posts to: <c>{WebhookBaseUrl}/telegram/{bot}</c>.</summary>
    public string? WebhookBaseUrl { get; set; }

    /// <summary>Sent by Telegram in <c>X-Telegram-Bot-Api-Secret-Token</c>; 1–256 of A-Z a-z 0-9 _ -.</summary>
    public string WebhookSecret { get; set; } = "";

    /// <summary>Telegram's parallel connections per bot (1–100).</summary>
    public int WebhookMaxConnections { get; set; } = 100;

    public string? Validate()
    {
        var missing = BotNames.Where(name => !Bots.TryGetValue(name, out var bot) || string.IsNullOrWhiteSpace(bot.Token)).ToList();
        if (missing.Count > 0)
        {
            return $"Telegram:Bots:<name>:Token is missing for {string.Join(", ", missing)}.";
        }
        var malformed = BotNames.Where(name => BotIdentity.PublicId(Bots[name].Token) is null).ToList();
        if (malformed.Count > 0)
        {
            // The public id (before ':') keys the bot's state in Redis: see BotIdentity.
            return $"Telegram:Bots:<name>:Token must be '<bot id>:<secret>' for {string.Join(", ", malformed)}.";
        }
        if (Mode == UpdateMode.Webhook)
        {
            if (WebhookSecret.Length is < 16 or > 256 || !WebhookSecret.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                return "Telegram:WebhookSecret must be 16-256 characters of A-Z, a-z, 0-9, _ and -.";
            }
            if (!string.IsNullOrEmpty(WebhookBaseUrl) && !Uri.TryCreate(WebhookBaseUrl, UriKind.Absolute, out _))
            {
                return "Telegram:WebhookBaseUrl must be an absolute URL.";
            }
        }
        return WebhookMaxConnections is < 1 or > 100 ? "Telegram:WebhookMaxConnections must be 1-100." : null;
    }

    public string Username(string bot) =>
        Bots.TryGetValue(bot, out var credentials) && !string.IsNullOrEmpty(credentials.Username) ? credentials.Username : $"{bot}_bot";
}

public sealed class BotCredentials
{
    public string Token { get; set; } = "";
    public string? Username { get; set; }
}
