using System.Globalization;

namespace LoyalityBot.Bots.Texts;

/// <summary>
/// Every text the bots send, in Russian (the default) and English. Keys are grouped by bot; menu buttons are
/// texts too, and a button press is recognised in either language.
/// </summary>
public static partial class BotTexts
{
    public const string Russian = "ru";
    public const string English = "en";

    public static string LanguageOf(string? code) =>
        code is not null && code.StartsWith(English, StringComparison.OrdinalIgnoreCase) ? English : Russian;

    public static string Get(string language, string key, params object[] args)
    {
        if (!All.TryGetValue(key, out var text))
        {
            throw new KeyNotFoundException($"No bot text '{key}'.");
        }
        var template = language == English ? text.En : text.Ru;
        return args.Length == 0 ? template : string.Format(CultureInfo.InvariantCulture, template, args);
    }

    public static bool Matches(string key, string input) =>
        All.TryGetValue(key, out var text) && (string.Equals(input, text.Ru, StringComparison.OrdinalIgnoreCase)
                                                || string.Equals(input, text.En, StringComparison.OrdinalIgnoreCase));

    // Built on first use: the groups live in other parts of this partial class, whose static fields may initialize later.
    private static Dictionary<string, (string Ru, string En)> All => all.Value;

    private static readonly Lazy<Dictionary<string, (string Ru, string En)>> all = new(() => new[]
    {
        Common, Client, Partner, Admin,
    }.SelectMany(group => group ?? []).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal));

    private static readonly KeyValuePair<string, (string Ru, string En)>[] Common =
    [
        new("rate.messages", ("Слишком много сообщений. Попробуйте снова через {0} с.", "Too many messages. Please try again in {0} s.")),
        new("rate.commands", ("Слишком много команд. Попробуйте снова через {0} с.", "Too many commands. Please try again in {0} s.")),
        new("rate.transactions", ("Слишком много операций. Следующая возможна через {0} с.", "Too many operations. The next one is possible in {0} s.")),
        new("unknown", ("Не понял. Выберите действие в меню или отправьте /help.", "I did not understand. Choose an action from the menu or send /help.")),
        new("unknown.command", ("Неизвестная команда. Отправьте /help, чтобы увидеть список.", "Unknown command. Send /help to see the list.")),
        new("expect.text", ("Пожалуйста, отправьте текст.", "Please send text.")),
        new("too.long", ("Слишком длинный текст: не больше {0} символов.", "The text is too long: at most {0} characters.")),
        new("stale", ("Эта кнопка устарела. Откройте раздел заново.", "This button is out of date. Please open the section again.")),
        new("error", ("Что-то пошло не так. Попробуйте ещё раз.", "Something went wrong. Please try again.")),
        new("cancelled", ("Отменено.", "Cancelled.")),
        new("btn.cancel", ("✖ Отмена", "✖ Cancel")),
        new("btn.confirm", ("✅ Подтвердить", "✅ Confirm")),
        new("btn.next", ("Далее ▶", "Next ▶")),
        new("btn.prev", ("◀ Назад", "◀ Prev")),
        new("btn.skip", ("Пропустить", "Skip")),
        new("amount.invalid", ("Введите сумму числом больше нуля и не больше {0}.", "Enter the amount as a number above zero and at most {0}.")),
        new("status.AmountRejected", ("Сумма отклонена: она должна быть больше нуля и в пределах лимита.", "The amount was rejected: it must be above zero and within the limit.")),
        new("status.InsufficientBalance", ("Недостаточно баллов.", "Not enough points.")),
        new("status.DailyLimitExceeded", ("Превышен дневной лимит списания.", "The daily spending limit is exceeded.")),
        new("status.PointsCapExceeded", ("Столько баллов за эту акцию списать нельзя.", "That many points cannot be paid for this promotion.")),
        new("status.ClientNotFound", ("Клиент не найден.", "Client not found.")),
        new("status.PartnerNotFound", ("Партнёр не найден или не активен.", "The partner is not found or not active.")),
        new("status.PromotionNotAvailable", ("Акция недоступна.", "The promotion is not available.")),
        new("status.Conflict", ("Эта операция уже была проведена с другими данными.", "This operation was already done with other data.")),
        new("status.Other", ("Операция не выполнена ({0}).", "The operation was not done ({0}).")),
    ];
}
