using LoyalityBot.TelegramSandbox.Client;
using LoyalityBot.TelegramSandbox.Model;
using LoyalityBot.TelegramSandbox.Services;

namespace LoyalityBot.TelegramSandbox.Apis;

public static class ChatViews
{
    /// <summary>A consistent snapshot of a chat and its transcript.</summary>
    public static SandboxChat Describe(BotState bot, ChatState chat)
    {
        lock (chat.Gate)
        {
            return new SandboxChat(chat.Id, bot.Name, chat.User?.Id ?? 0, chat.Blocked, chat.ReplyKeyboard,
                chat.Entries.Select(Transcripts.ToTranscript).ToList(), chat.Version);
        }
    }
}
