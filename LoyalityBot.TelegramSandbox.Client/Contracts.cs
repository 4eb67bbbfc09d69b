using System.Text.Json.Serialization;

namespace LoyalityBot.TelegramSandbox.Client;

// The control API's wire contract, shared by the sandbox (which serves it) and SandboxClient (which calls it).

/// <summary>A bot the sandbox serves: <see cref="Token"/> is what Telegram.Bot is given.</summary>
public sealed record SandboxBot(string Name, long Id, string Username, string Token);

public sealed record CreateBotRequest(string Name, string? Token = null, string? Username = null);

public sealed record SandboxUser(long Id, string FirstName, string? LastName, string? Username, string? LanguageCode, string? PhoneNumber);

public sealed record CreateUserRequest(
    string FirstName,
    long? Id = null,
    string? LastName = null,
    string? Username = null,
    string? LanguageCode = null,
    string? PhoneNumber = null);

public sealed record SendTextRequest(string Text);

public sealed record StartRequest(string? Payload = null);

/// <summary>Finds an inline button by its text or its callback data, in <see cref="MessageId"/> or else the newest bot message that has it.</summary>
public sealed record PressInlineButtonRequest(string? Text = null, string? CallbackData = null, int? MessageId = null);

public sealed record PressReplyButtonRequest(string Text);

/// <summary>One user's action in a batch (<c>POST /control/bots/{bot}/actions</c>): a text, or an inline button press by its callback data.</summary>
public sealed record UserAction(long UserId, string? Text = null, string? CallbackData = null);

/// <summary>How many actions of a batch happened, and why the others did not.</summary>
public sealed record UserActionsResult(int Accepted, IReadOnlyList<string> Errors);

/// <summary>What pressing an inline button did: a callback query sent to the bot, or a URL to open.</summary>
public sealed record InlineButtonPressed(string? CallbackQueryId, string? Url);

public sealed record SandboxButton(string Text, string? CallbackData = null, string? Url = null, bool RequestContact = false);

/// <summary>A keyboard as the user sees it; <see cref="Kind"/> is "reply" or "inline".</summary>
public sealed record SandboxKeyboard(
    string Kind,
    IReadOnlyList<IReadOnlyList<SandboxButton>> Rows,
    bool OneTime = false,
    bool Resize = false,
    string? Placeholder = null)
{
    [JsonIgnore]
    public IEnumerable<SandboxButton> Buttons => Rows.SelectMany(row => row);
}

public sealed record SandboxFile(string FileId, string? FileName, string? MimeType, long Size, int? Width, int? Height, string Url);

public sealed record SandboxContact(string PhoneNumber, string FirstName, string? LastName, long? UserId);

public sealed record TextEntity(string Type, int Offset, int Length, string? Url = null);

/// <summary>
/// One line of a chat's transcript. <see cref="Kind"/> is "message" (either direction, see <see cref="From"/>)
/// or "callback" (the user pressed an inline button; <see cref="CallbackAnswer"/> is the bot's answer).
/// </summary>
public sealed record TranscriptEntry(
    string Kind,
    int MessageId,
    string From,
    DateTimeOffset Date,
    string? Text = null,
    IReadOnlyList<TextEntity>? Entities = null,
    SandboxKeyboard? Keyboard = null,
    IReadOnlyList<SandboxFile>? Photo = null,
    SandboxFile? Document = null,
    SandboxContact? Contact = null,
    DateTimeOffset? EditedAt = null,
    DateTimeOffset? DeletedAt = null,
    string? CallbackQueryId = null,
    string? CallbackData = null,
    string? CallbackAnswer = null,
    bool ShowAlert = false,
    int? ReplyToMessageId = null)
{
    public const string FromUser = "user";
    public const string FromBot = "bot";
    public const string MessageKind = "message";
    public const string CallbackKind = "callback";
}

/// <summary>
/// A chat of a bot, as the control API shows it. <see cref="Version"/> counts its changes, so a live viewer can
/// tell whether this snapshot is older than the events it already has.
/// </summary>
public sealed record SandboxChat(long ChatId, string Bot, long UserId, bool Blocked, SandboxKeyboard? ReplyKeyboard, IReadOnlyList<TranscriptEntry> Messages, long Version = 0);

/// <summary>A live change in a chat, streamed to the web chat: the entry added or changed, the reply keyboard now shown, and the chat's version after it.</summary>
public sealed record ChatEvent(TranscriptEntry Entry, SandboxKeyboard? ReplyKeyboard, long Version = 0);

public sealed record BotCounters(long MessagesSent, long TooManyRequests, long UpdatesQueued, long WebhookDeliveries, long WebhookFailures);

/// <summary>
/// A bot's answer times over the updates delivered by webhook since the last reset: <see cref="Answered"/> updates got
/// a message, edit or callback answer in their chat before their delivery was acknowledged (from the update being
/// queued: <see cref="FromQueued"/>; from its delivery starting: <see cref="FromDelivery"/>), <see cref="Unanswered"/> did not.
/// </summary>
public sealed record ReplyLatencyStats(long Answered, long Unanswered, LatencyPercentiles FromQueued, LatencyPercentiles FromDelivery);

/// <summary>Milliseconds.</summary>
public sealed record LatencyPercentiles(double P50, double P95, double P99, double Max);

/// <summary>The flood limits, as Telegram applies them by default; raise them for load tests.</summary>
public sealed record SandboxLimits
{
    public bool Enabled { get; init; } = true;
    public double PerChatPerSecond { get; init; } = 1;
    public int PerChatBurst { get; init; } = 3;
    public double PerBotPerSecond { get; init; } = 30;
    public int PerBotBurst { get; init; } = 30;
    public double PerGroupPerMinute { get; init; } = 20;
    public int PerGroupBurst { get; init; } = 20;

    /// <summary>Limits high enough that they never bite, for load tests.</summary>
    public static SandboxLimits Unlimited { get; } = new() { Enabled = false };
}

public sealed record CreateGroupRequest(string Title);
