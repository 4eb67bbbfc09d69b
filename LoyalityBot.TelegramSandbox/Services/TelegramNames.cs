using System.Text.Json;

namespace LoyalityBot.TelegramSandbox.Services;

/// <summary>Telegram spells enum values in snake_case ("callback_query", "bot_command", "text_link").</summary>
public static class TelegramNames
{
    public static string Of<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
