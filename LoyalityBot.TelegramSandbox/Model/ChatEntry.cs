using LoyalityBot.TelegramSandbox.Client;
using Telegram.Bot.Types;

namespace LoyalityBot.TelegramSandbox.Model;

/// <summary>
/// A transcript line as the sandbox keeps it: the Telegram message (replaced, never mutated, on edits) and what the
/// message object alone does not say: who sent it, the reply keyboard it carried, edits, deletion, or a button press.
/// </summary>
public sealed class ChatEntry
{
    public required Message Message { get; set; }

    public required bool FromBot { get; init; }

    /// <summary>The keyboard as sent, reply keyboards included (a Message only carries inline ones).</summary>
    public SandboxKeyboard? Keyboard { get; set; }

    public DateTimeOffset? EditedAt { get; set; }

    public DateTimeOffset? DeletedAt { get; set; }

    /// <summary>Set when this entry is a button press rather than a message.</summary>
    public CallbackRecord? Callback { get; init; }
}

/// <summary>An inline button press: the callback query the bot got, and its answer once answerCallbackQuery came.</summary>
public sealed class CallbackRecord
{
    public required string Id { get; init; }

    public required long ChatId { get; init; }

    public required int MessageId { get; init; }

    public required string Data { get; init; }

    public required DateTimeOffset Date { get; init; }

    public string? AnswerText { get; set; }

    public bool ShowAlert { get; set; }

    public bool Answered { get; set; }
}
