using System.Text;
using LoyalityBot.TelegramSandbox.Model;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace LoyalityBot.TelegramSandbox.Services;

/// <summary>
/// Turns <c>text</c> plus <c>parse_mode</c> into plain text and entities, as Telegram does before storing a message,
/// and fails with Telegram's "can't parse entities" errors. Offsets and lengths are in UTF-16 code units, like the API's.
/// </summary>
public static class FormattedText
{
    public static (string Text, MessageEntity[]? Entities) Parse(string text, string? parseMode)
    {
        if (string.IsNullOrEmpty(parseMode))
        {
            return (text, null);
        }
        var entities = new List<MessageEntity>();
        var plain = parseMode.ToLowerInvariant() switch
        {
            "html" => new HtmlParser(text, entities).Run(),
            "markdownv2" => new MarkdownParser(text, entities, legacy: false).Run(),
            "markdown" => new MarkdownParser(text, entities, legacy: true).Run(),
            _ => throw BotApiException.BadRequest($"unsupported parse_mode \"{parseMode}\""),
        };
        var kept = entities.Where(e => e.Length > 0).OrderBy(e => e.Offset).ThenByDescending(e => e.Length).ToArray();
        return (plain, kept.Length == 0 ? null : kept);
    }

    internal static BotApiException CantParse(string detail) => BotApiException.BadRequest($"can't parse entities: {detail}");

    internal static int ByteOffset(string source, int charIndex) => Encoding.UTF8.GetByteCount(source.AsSpan(0, charIndex));

    internal static string Name(MessageEntityType type) => type switch
    {
        MessageEntityType.TextLink => "TextUrl",
        _ => type.ToString(),
    };
}
