namespace LoyalityBot.Bots.Telegram;

/// <summary>
/// One bot as a deployment knows it: its <see cref="Name"/> (routes, handlers, texts: the same in every deployment)
/// and its <see cref="KeyPrefix"/> in Redis, derived from the bot's public id (the token's part before ':').
/// Every lock, de-duplication record, rate limit, conversation state, draft and lease of a bot is under that prefix,
/// so two deployments with different bots can share one Redis, and the replicas of one deployment always share.
/// The public id is the bot's Telegram user id: not a secret, unlike the rest of the token.
/// </summary>
public sealed record BotIdentity(string Name, string KeyPrefix)
{
    public static BotIdentity From(string name, string token) =>
        new(name, $"bot:{PublicId(token) ?? throw new ArgumentException($"The token of bot {name} is not '<bot id>:<secret>'.", nameof(token))}");

    /// <summary>The digits before ':' in a Telegram token (<c>123456:ABC…</c> → <c>123456</c>), or null when it has none.</summary>
    public static string? PublicId(string token) =>
        token.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 && colon < token.Length - 1 && token[..colon].All(char.IsAsciiDigit)
            ? token[..colon]
            : null;
}
