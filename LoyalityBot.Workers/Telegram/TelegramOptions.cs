namespace LoyalityBot.Workers.Telegram;

/// <summary>The <c>Telegram</c> section the AppHost fills: the Bot API address and each bot's token.</summary>
public sealed class TelegramOptions
{
    public const string SectionName = "Telegram";

    /// <summary>https://api.telegram.org, or the sandbox's address in local runs and tests.</summary>
    public string? ApiBaseUrl { get; set; }

    /// <summary>By bot name: <c>client</c>, <c>partner</c>, <c>admin</c>.</summary>
    public Dictionary<string, TelegramBotCredentials> Bots { get; set; } = [];
}

public sealed class TelegramBotCredentials
{
    public string Token { get; set; } = "";
    public string? Username { get; set; }
}
