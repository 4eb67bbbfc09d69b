namespace LoyalityBot.TelegramSandbox.Tests;

/// <summary>
/// A tiny bot written with Telegram.Bot, polling the sandbox: /start answers with a reply keyboard,
/// "Balance" with an inline button, "Details" with a callback answer, "QR" with a photo and a deep link.
/// </summary>
public sealed class ShopTestBot : IAsyncDisposable
{
    private readonly TelegramBotClient _bot;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ShopTestBot(TelegramBotClient bot)
    {
        _bot = bot;
        _loop = Task.Run(PollAsync);
    }

    private async Task PollAsync()
    {
        var offset = 0;
        while (!_stop.IsCancellationRequested)
        {
            Update[] updates;
            try
            {
                updates = await _bot.GetUpdates(offset, timeout: 1, cancellationToken: _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            foreach (var update in updates)
            {
                offset = update.Id + 1;
                await HandleAsync(update);
            }
        }
    }

    private async Task HandleAsync(Update update)
    {
        var ct = _stop.Token;
        if (update.CallbackQuery is { } callback)
        {
            await _bot.AnswerCallbackQuery(callback.Id, "120 points, 3 visits", cancellationToken: ct);
            return;
        }
        if (update.Message is not { } message)
        {
            return;
        }
        var chat = message.Chat.Id;
        switch (message.Text)
        {
            case { } text when text.StartsWith("/start", StringComparison.Ordinal):
                var payload = text.Length > 7 ? text[7..] : "none";
                await _bot.SendMessage(chat, $"Welcome! Code: {payload}", replyMarkup: new ReplyKeyboardMarkup([["Balance", "QR"]]) { ResizeKeyboard = true }, cancellationToken: ct);
                break;
            case "Balance":
                await _bot.SendMessage(chat, "Your balance: <b>120</b> points", ParseMode.Html,
                    replyMarkup: new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData("Details", "details")), cancellationToken: ct);
                break;
            case "QR":
                var me = await _bot.GetMe(ct);
                await _bot.SendPhoto(chat, InputFile.FromStream(new MemoryStream(TestImages.Png(120, 120)), "qr.png"),
                    $"Invite a friend: t.me/{me.Username}?start=friend42", cancellationToken: ct);
                break;
            default:
                await _bot.SendMessage(chat, $"You said: {message.Text ?? message.Contact?.PhoneNumber ?? "a file"}", cancellationToken: ct);
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
