namespace LoyalityBot.Domain.Content;

/// <summary>Where the workers find an uploaded photo: a file sent to a bot, or bytes the API staged.</summary>
public sealed record PhotoSource(string? TelegramBot, string? TelegramFileId, string? StagedKey)
{
    public static PhotoSource Telegram(string bot, string fileId) => new(bot, fileId, null);

    public static PhotoSource Staged(string key) => new(null, null, key);
}
