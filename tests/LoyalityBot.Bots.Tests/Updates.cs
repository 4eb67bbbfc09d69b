using System.Text.Json;

namespace LoyalityBot.Bots.Tests;

/// <summary>Raw Telegram updates as JSON, for posting straight to the webhook (duplicates, forgeries, fuzzing).</summary>
internal static class Updates
{
    public static string Callback(int updateId, long userId, string data) => JsonSerializer.Serialize(new
    {
        update_id = updateId,
        callback_query = new { id = Guid.NewGuid().ToString("N"), from = new { id = userId, is_bot = false, first_name = "F" }, chat_instance = "1", data },
    });

    public static string Text(int updateId, long userId, string text, long date) => JsonSerializer.Serialize(new
    {
        update_id = updateId,
        message = new
        {
            message_id = updateId,
            date,
            chat = new { id = userId, type = "private" },
            from = new { id = userId, is_bot = false, first_name = "F" },
            text,
        },
    });
}
