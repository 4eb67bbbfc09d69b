using System.Globalization;
using LoyalityBot.Bots.Telegram;
using LoyalityBot.Bots.Texts;
using LoyalityBot.Coordination;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.ReplyMarkups;

namespace LoyalityBot.Bots.Pipeline;

/// <summary>
/// One update being handled by one bot: who sent it, what it says, the user's conversation state, and the ways to
/// answer in the same chat (replies go straight to Telegram; anything for other users goes through the outbox).
/// </summary>
public sealed class BotUpdate
{
    private readonly RedisConversationStore store;
    private readonly RedisRateLimiter limiter;
    private readonly PipelineOptions options;
    private ConversationState? state;
    private bool stateLoaded;

    internal BotUpdate(BotIdentity identity, Update update, long userId, long chatId, ITelegramBotClient client,
        RedisConversationStore store, RedisRateLimiter limiter, PipelineOptions options)
    {
        Identity = identity;
        Update = update;
        UserId = userId;
        ChatId = chatId;
        Client = client;
        this.store = store;
        this.limiter = limiter;
        this.options = options;
        Language = BotTexts.LanguageOf(From?.LanguageCode);
    }

    /// <summary>The bot's name ("client", "partner", "admin") and its Redis key prefix.</summary>
    public BotIdentity Identity { get; }

    public string Bot => Identity.Name;
    public Update Update { get; }
    public long UserId { get; }
    public long ChatId { get; }
    public ITelegramBotClient Client { get; }

    /// <summary>"ru" (the default) or "en"; the client bot sets it from the client's saved choice.</summary>
    public string Language { get; set; }

    public User? From => Update.Message?.From ?? Update.CallbackQuery?.From;

    public Message? Message => Update.Message;

    /// <summary>The message text (or a photo's caption is NOT text: a photo where text is expected is told so).</summary>
    public string? Text => Update.Message?.Text?.Trim();

    public string? CallbackData => Update.CallbackQuery?.Data;

    /// <summary>Unique per update and stable across Telegram's redeliveries of it: the ledger's idempotency key.</summary>
    public string IdempotencyKey => $"tg:{Bot}:{UpdateKey.Of(Update)}";

    /// <summary>The command without its slash and bot suffix (<c>/start@x_bot a</c> → <c>start</c>), or null.</summary>
    public string? Command => Text is ['/', ..] text ? text[1..].Split(' ', 2)[0].Split('@')[0].ToLowerInvariant() : null;

    /// <summary>What follows the command (<c>/start partner_5</c> → <c>partner_5</c>), or null.</summary>
    public string? CommandArgument => Command is null ? null : Text!.Split(' ', 2, StringSplitOptions.TrimEntries) is [_, var arg] && arg.Length > 0 ? arg : null;

    public string T(string key, params object[] args) => BotTexts.Get(Language, key, args);

    /// <summary>True when the text is this menu button's label in any language.</summary>
    public bool IsButton(string key) => Text is { } text && BotTexts.Matches(key, text);

    public Task<Message> ReplyAsync(string text, ReplyMarkup? markup = null, CancellationToken cancellationToken = default) =>
        Client.SendMessage(ChatId, text, replyMarkup: markup, cancellationToken: cancellationToken);

    public Task<Message> ReplyPhotoAsync(byte[] png, string caption, ReplyMarkup? markup = null, CancellationToken cancellationToken = default) =>
        Client.SendPhoto(ChatId, InputFile.FromStream(new MemoryStream(png), "qr.png"), caption, replyMarkup: markup, cancellationToken: cancellationToken);

    /// <summary>Answers the pressed button (so its spinner stops), with an optional toast.</summary>
    public async Task AnswerCallbackAsync(string? text = null, CancellationToken cancellationToken = default)
    {
        if (Update.CallbackQuery is not { } query)
        {
            return;
        }
        try
        {
            await Client.AnswerCallbackQuery(query.Id, text, cancellationToken: cancellationToken);
        }
        catch (ApiRequestException e) when (e.ErrorCode == 400)
        {
            // "query is too old" (a press answered late, a redelivery): the press itself is still handled.
        }
    }

    /// <summary>Replaces the pressed button's message (paging in place), or sends a new one for a typed request.</summary>
    public async Task ShowAsync(string text, InlineKeyboardMarkup? markup, CancellationToken cancellationToken)
    {
        if (Update.CallbackQuery?.Message is { } message)
        {
            await AnswerCallbackAsync(cancellationToken: cancellationToken);
            await Client.EditMessageText(message.Chat.Id, message.Id, text, replyMarkup: markup, cancellationToken: cancellationToken);
            return;
        }
        await ReplyAsync(text, markup, cancellationToken);
    }

    /// <summary>
    /// The message's text for a step that wants one, or null after telling the user why not (a photo or a sticker
    /// where text is expected, a text over <paramref name="maxLength"/>).
    /// </summary>
    public async Task<string?> RequireTextAsync(int maxLength, CancellationToken cancellationToken)
    {
        if (Text is not { Length: > 0 } text)
        {
            await ReplyAsync(T("expect.text"), cancellationToken: cancellationToken);
            return null;
        }
        if (text.Length > maxLength)
        {
            await ReplyAsync(T("too.long", maxLength), cancellationToken: cancellationToken);
            return null;
        }
        return text;
    }

    public async Task<ConversationState?> GetStateAsync()
    {
        if (!stateLoaded)
        {
            state = await store.GetStateAsync<ConversationState>(Identity.KeyPrefix, UserId);
            stateLoaded = true;
        }
        return state;
    }

    public async Task SetStateAsync(ConversationState next)
    {
        await store.SetStateAsync(Identity.KeyPrefix, UserId, next);
        (state, stateLoaded) = (next, true);
    }

    public async Task ClearStateAsync()
    {
        await store.ClearStateAsync(Identity.KeyPrefix, UserId);
        (state, stateLoaded) = (null, true);
    }

    /// <summary>A short-lived draft (a pending operation awaiting confirmation): it expires after the draft TTL.</summary>
    public Task SetDraftAsync<T>(string key, T draft) where T : class => store.SetDraftAsync(Identity.KeyPrefix, UserId, key, draft);

    public Task<T?> GetDraftAsync<T>(string key) where T : class => store.GetDraftAsync<T>(Identity.KeyPrefix, UserId, key);

    public Task ClearDraftAsync(string key) => store.ClearDraftAsync(Identity.KeyPrefix, UserId, key);

    /// <summary>
    /// Takes one slot of the transaction limit for <paramref name="scope"/> (shared by every replica); when none is
    /// left, tells the user when to retry and returns false.
    /// </summary>
    public async Task<bool> TryTransactionAsync(string scope, CancellationToken cancellationToken)
    {
        var decision = await limiter.AcquireAsync(options.Transactions, $"{Identity.KeyPrefix}:{scope}");
        if (!decision.Allowed)
        {
            await ReplyAsync(T("rate.transactions", RetrySeconds(decision)), cancellationToken: cancellationToken);
        }
        return decision.Allowed;
    }

    internal static string RetrySeconds(RateLimitDecision decision) =>
        Math.Max(1, (int)Math.Ceiling(decision.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
