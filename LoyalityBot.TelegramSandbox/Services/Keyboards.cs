using System.Text;
using LoyalityBot.TelegramSandbox.Client;
using LoyalityBot.TelegramSandbox.Model;
using Telegram.Bot.Types.ReplyMarkups;

namespace LoyalityBot.TelegramSandbox.Services;

/// <summary>Checks a bot's reply_markup like Telegram does and turns it into the keyboard a user sees.</summary>
public static class Keyboards
{
    public static SandboxKeyboard? ToSandbox(ReplyMarkup? markup) => markup switch
    {
        InlineKeyboardMarkup inline => new SandboxKeyboard("inline", inline.InlineKeyboard.Select(row => (IReadOnlyList<SandboxButton>)row.Select(ToButton).ToList()).ToList()),
        ReplyKeyboardMarkup reply => new SandboxKeyboard("reply",
            reply.Keyboard.Select(row => (IReadOnlyList<SandboxButton>)row.Select(button => new SandboxButton(button.Text, RequestContact: button.RequestContact)).ToList()).ToList(),
            reply.OneTimeKeyboard, reply.ResizeKeyboard, reply.InputFieldPlaceholder),
        _ => null,
    };

    public static void Validate(ReplyMarkup? markup)
    {
        switch (markup)
        {
            case InlineKeyboardMarkup inline:
                foreach (var button in inline.InlineKeyboard.SelectMany(row => row))
                {
                    if (string.IsNullOrEmpty(button.Text))
                    {
                        throw BotApiException.BadRequest("can't parse inline keyboard button: Text must be non-empty");
                    }
                    if (button.CallbackData is null && button.Url is null && button.WebApp is null && button.CopyText is null
                        && button.SwitchInlineQuery is null && button.SwitchInlineQueryCurrentChat is null && button.LoginUrl is null)
                    {
                        throw BotApiException.BadRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
                    }
                    if (button.CallbackData is { } data && Encoding.UTF8.GetByteCount(data) is 0 or > 64)
                    {
                        throw BotApiException.BadRequest("BUTTON_DATA_INVALID");
                    }
                }
                break;
            case ReplyKeyboardMarkup reply when reply.Keyboard.SelectMany(row => row).Any(button => string.IsNullOrEmpty(button.Text)):
                throw BotApiException.BadRequest("can't parse keyboard button: Text must be non-empty");
        }
    }

    private static SandboxButton ToButton(InlineKeyboardButton button) =>
        new(button.Text, button.CallbackData, button.Url ?? button.WebApp?.Url ?? button.LoginUrl?.Url);
}
