using System.Collections.Frozen;
using LoyalityBot.TelegramSandbox.Model;
using LoyalityBot.TelegramSandbox.Services;

namespace LoyalityBot.TelegramSandbox.Apis;

/// <summary>The Bot API methods the sandbox implements, by case-insensitive name. Each concern lives in its own partial file.</summary>
public sealed partial class BotMethods
{
    private readonly FrozenDictionary<string, Func<BotState, BotRequest, CancellationToken, ValueTask<BotResult>>> _methods;
    private readonly SandboxState _state;
    private readonly BotMessaging _messaging;
    private readonly WebhookSender _sender;
    private readonly SandboxOptions _options;

    public BotMethods(SandboxState state, BotMessaging messaging, WebhookSender sender, Microsoft.Extensions.Options.IOptions<SandboxOptions> options)
    {
        _state = state;
        _messaging = messaging;
        _sender = sender;
        _options = options.Value;
        _methods = new Dictionary<string, Func<BotState, BotRequest, CancellationToken, ValueTask<BotResult>>>(StringComparer.OrdinalIgnoreCase)
        {
            ["getMe"] = Sync(GetMe),
            ["sendMessage"] = Sync(SendMessage),
            ["editMessageText"] = Sync(EditMessageText),
            ["editMessageReplyMarkup"] = Sync(EditMessageReplyMarkup),
            ["deleteMessage"] = Sync(DeleteMessage),
            ["answerCallbackQuery"] = Sync(AnswerCallbackQuery),
            ["sendPhoto"] = Sync(SendPhoto),
            ["sendDocument"] = Sync(SendDocument),
            ["getFile"] = Sync(GetFile),
            ["setMyCommands"] = Sync(SetMyCommands),
            ["getMyCommands"] = Sync(GetMyCommands),
            ["deleteMyCommands"] = Sync(DeleteMyCommands),
            ["setChatMenuButton"] = Sync(SetChatMenuButton),
            ["getChatMenuButton"] = Sync(GetChatMenuButton),
            ["setWebhook"] = Sync(SetWebhook),
            ["deleteWebhook"] = Sync(DeleteWebhook),
            ["getWebhookInfo"] = Sync(GetWebhookInfo),
            ["getUpdates"] = GetUpdatesAsync,
        }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    public ValueTask<BotResult> InvokeAsync(string method, BotState bot, BotRequest request, CancellationToken cancellationToken) =>
        _methods.TryGetValue(method, out var handler)
            ? handler(bot, request, cancellationToken)
            : throw BotApiException.MethodNotFound();

    private static Func<BotState, BotRequest, CancellationToken, ValueTask<BotResult>> Sync(Func<BotState, BotRequest, BotResult> method) =>
        (bot, request, _) => ValueTask.FromResult(method(bot, request));

    private static BotResult GetMe(BotState bot, BotRequest request) => BotResult.Of(bot.AsUser());
}
