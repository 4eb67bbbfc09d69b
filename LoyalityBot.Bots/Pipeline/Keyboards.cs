using Telegram.Bot.Types.ReplyMarkups;

namespace LoyalityBot.Bots.Pipeline;

/// <summary>Keyboard shapes the bots share: a menu of localized buttons, and inline rows from (text, data) pairs.</summary>
internal static class Keyboards
{
    public static ReplyKeyboardMarkup Menu(BotUpdate update, params string[][] rows) =>
        new(rows.Select(row => row.Select(key => new KeyboardButton(update.T(key))))) { ResizeKeyboard = true };

    public static InlineKeyboardMarkup Inline(params (string Text, string Data)[][] rows) =>
        new(rows.Where(row => row.Length > 0).Select(row => row.Select(button => InlineKeyboardButton.WithCallbackData(button.Text, button.Data))));

    public static InlineKeyboardMarkup ConfirmOrCancel(BotUpdate update, string confirmData, string cancelData) =>
        Inline([(update.T("btn.confirm"), confirmData), (update.T("btn.cancel"), cancelData)]);
}
