using System.Globalization;
using Telegram.Bot.Types;

namespace LoyalityBot.Bots.Pipeline;

/// <summary>
/// The identity of an update across Telegram's redeliveries: its update_id plus the message date or callback query
/// id. Telegram never reuses an update_id within its 24 h window, but a Telegram sandbox that restarts counts from 1
/// again; the second part keeps such a new update from being taken for a redelivery of an old one.
/// </summary>
internal static class UpdateKey
{
    public static string Of(Update update)
    {
        var discriminator = update.CallbackQuery?.Id
            ?? (update.Message ?? update.EditedMessage)?.Date.Ticks.ToString(CultureInfo.InvariantCulture)
            ?? update.MyChatMember?.Date.Ticks.ToString(CultureInfo.InvariantCulture)
            ?? "-";
        return $"{update.Id.ToString(CultureInfo.InvariantCulture)}:{discriminator}";
    }
}
