using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace LoyalityBot.TelegramSandbox.Services;

/// <summary>
/// Telegram.Bot's own JSON settings (<see cref="JsonBotAPI.Options"/>), with <see cref="Message"/> cut down to the
/// fields the sandbox ever sets. Unset fields are omitted anyway, so the JSON is the same, but Message has about
/// 150 properties and checking each one on every message is most of a sendMessage's serialization time.
/// </summary>
public static class BotJson
{
    /// <summary>Every <see cref="Message"/> field the sandbox fills (see <see cref="Model.MessageContent.ToMessage"/>); add any new one here.</summary>
    private static readonly HashSet<string> MessageFields =
    [
        "message_id", "from", "chat", "date", "edit_date", "text", "entities",
        "caption", "caption_entities", "photo", "document", "contact", "reply_markup", "reply_to_message",
    ];

    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonBotAPI.Options);
        options.TypeInfoResolver = (JsonBotAPI.Options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(typeInfo =>
        {
            if (typeInfo.Type != typeof(Message))
            {
                return;
            }
            for (var i = typeInfo.Properties.Count - 1; i >= 0; i--)
            {
                if (!MessageFields.Contains(typeInfo.Properties[i].Name))
                {
                    typeInfo.Properties.RemoveAt(i);
                }
            }
        });
        options.MakeReadOnly();
        return options;
    }
}
