using Telegram.Bot.Types.ReplyMarkups;

namespace LoyalityBot.Bots.Pipeline;

/// <summary>Keyboard shapes the bots share: a menu of localized buttons, and inline rows from (text, data) pairs.</summary>
internal static class Keyboards
{
    public static ReplyKeyboardMarkup Menu(BotUpdate update, params string[][] rows) =>
        new(rows.Select(row => row.Select(key => new KeyboardButton(update.T(key))))) { ResizeKeyboard = true };

    public static InlineKeyboardMarkup Inline(params (string Text, string Data)[][] rows) =>
        new(rows.Where(row => row.Length > 0).Select(row => row.Select(button => InlineKeyboardButton.WithCallbackData(button.Text, button.Data))));

    /// <summary>A keyset-paged list: one button row per item, then "Next" when there is a next page.</summary>
    public static List<(string Text, string Data)[]> PagedRows<T>(BotUpdate update, IEnumerable<T> items, Func<T, (string Text, string Data)> button, string? nextData)
    {
        var rows = items.Select(item => new[] { button(item) }).ToList();
        if (nextData is not null)
        {
            rows.Add([(update.T("btn.next"), nextData)]);
        }
        return rows;
    }

    public static InlineKeyboardMarkup ConfirmOrCancel(BotUpdate update, string confirmData, string cancelData) =>
        Inline([(update.T("btn.confirm"), confirmData), (update.T("btn.cancel"), cancelData)]);
}
