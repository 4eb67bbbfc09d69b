namespace LoyalityBot.Domain.Cards;

/// <summary>
/// <c>https://t.me/&lt;bot&gt;?start=&lt;payload&gt;</c> links. Telegram allows 1–64 characters of [A-Za-z0-9_-] in a start
/// payload, so a payload outside that is a programming error, not user input.
/// </summary>
public static class DeepLink
{
    public static string Create(string botUsername, string payload)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(botUsername);
        if (!IsValidPayload(payload))
        {
            throw new ArgumentException("A start payload is 1-64 characters of A-Z, a-z, 0-9, _ and -.", nameof(payload));
        }
        return $"https://t.me/{botUsername.TrimStart('@')}?start={payload}";
    }

    public static bool IsValidPayload(string? payload) =>
        payload is { Length: >= 1 and <= 64 } && payload.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
}
