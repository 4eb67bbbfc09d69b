namespace LoyalityBot.TelegramSandbox.Model;

/// <summary>What setWebhook stored. <see cref="AllowedUpdates"/> is null when the call did not name any.</summary>
public sealed record WebhookSettings(Uri Url, string? SecretToken, int MaxConnections, IReadOnlyList<string>? AllowedUpdates)
{
    public bool SameAs(WebhookSettings other) =>
        Url == other.Url && SecretToken == other.SecretToken && MaxConnections == other.MaxConnections
        && (AllowedUpdates ?? []).SequenceEqual(other.AllowedUpdates ?? []);
}
