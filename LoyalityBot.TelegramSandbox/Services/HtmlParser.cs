using System.Globalization;
using System.Text;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace LoyalityBot.TelegramSandbox.Services;

/// <summary>Telegram's HTML subset: b/strong, i/em, u/ins, s/strike/del, tg-spoiler, a href, code, pre, blockquote.</summary>
internal sealed class HtmlParser(string source, List<MessageEntity> entities)
{
    private readonly StringBuilder _output = new(source.Length);
    private readonly Stack<(string Tag, MessageEntity? Entity)> _open = new();
    private int _position;

    public string Run()
    {
        while (_position < source.Length)
        {
            var c = source[_position];
            if (c == '<')
            {
                ReadTag();
            }
            else if (c == '&')
            {
                ReadCharacterReference();
            }
            else
            {
                _output.Append(c);
                _position++;
            }
        }
        if (_open.Count > 0)
        {
            throw FormattedText.CantParse($"Can't find end tag corresponding to start tag \"{_open.Peek().Tag}\"");
        }
        return _output.ToString();
    }

    private void ReadTag()
    {
        var start = _position;
        var end = source.IndexOf('>', start);
        if (end < 0)
        {
            throw FormattedText.CantParse($"Unclosed start tag at byte offset {FormattedText.ByteOffset(source, start)}");
        }
        var inner = source[(start + 1)..end];
        _position = end + 1;
        if (inner.StartsWith('/'))
        {
            Close(inner[1..].Trim().ToLowerInvariant(), start);
            return;
        }
        var nameLength = 0;
        while (nameLength < inner.Length && (char.IsAsciiLetterOrDigit(inner[nameLength]) || inner[nameLength] == '-'))
        {
            nameLength++;
        }
        var name = inner[..nameLength].ToLowerInvariant();
        var attributes = inner[nameLength..];
        var entity = Open(name, attributes, start);
        _open.Push((name, entity));
    }

    private MessageEntity? Open(string name, string attributes, int start)
    {
        MessageEntity Entity(MessageEntityType type) => new() { Type = type, Offset = _output.Length };
        switch (name)
        {
            case "b" or "strong": return Entity(MessageEntityType.Bold);
            case "i" or "em": return Entity(MessageEntityType.Italic);
            case "u" or "ins": return Entity(MessageEntityType.Underline);
            case "s" or "strike" or "del": return Entity(MessageEntityType.Strikethrough);
            case "tg-spoiler": return Entity(MessageEntityType.Spoiler);
            case "span" when Attribute(attributes, "class") == "tg-spoiler": return Entity(MessageEntityType.Spoiler);
            case "blockquote": return Entity(Attribute(attributes, "expandable") is null ? MessageEntityType.Blockquote : MessageEntityType.ExpandableBlockquote);
            case "pre": return Entity(MessageEntityType.Pre);
            case "code" when _open.TryPeek(out var top) && top.Tag == "pre" && top.Entity is not null:
                // <pre><code class="language-x"> is one pre entity with a language.
                top.Entity.Language = Attribute(attributes, "class") is { } cls && cls.StartsWith("language-", StringComparison.Ordinal) ? cls["language-".Length..] : null;
                return null;
            case "code": return Entity(MessageEntityType.Code);
            case "a":
                var href = Attribute(attributes, "href") ?? "";
                var link = Entity(MessageEntityType.TextLink);
                link.Url = href;
                return link;
            default:
                throw FormattedText.CantParse($"Unsupported start tag \"{name}\" at byte offset {FormattedText.ByteOffset(source, start)}");
        }
    }

    private void Close(string name, int start)
    {
        if (_open.Count == 0)
        {
            throw FormattedText.CantParse($"Unexpected end tag at byte offset {FormattedText.ByteOffset(source, start)}");
        }
        var (tag, entity) = _open.Pop();
        if (tag != name)
        {
            throw FormattedText.CantParse($"Unmatched end tag at byte offset {FormattedText.ByteOffset(source, start)}, expected \"</{tag}>\", found \"</{name}>\"");
        }
        if (entity is null)
        {
            return;
        }
        entity.Length = _output.Length - entity.Offset;
        entities.Add(entity);
    }

    private static string? Attribute(string attributes, string name)
    {
        var index = attributes.IndexOf(name, StringComparison.OrdinalIgnoreCase);
        if (index < 0)
        {
            return null;
        }
        var rest = attributes[(index + name.Length)..].TrimStart();
        if (!rest.StartsWith('='))
        {
            return "";
        }
        rest = rest[1..].TrimStart();
        if (rest.Length > 0 && rest[0] is '"' or '\'')
        {
            var close = rest.IndexOf(rest[0], 1);
            return System.Net.WebUtility.HtmlDecode(close < 0 ? rest[1..] : rest[1..close]);
        }
        var space = rest.IndexOf(' ');
        return space < 0 ? rest : rest[..space];
    }

    private void ReadCharacterReference()
    {
        var end = source.IndexOf(';', _position);
        var reference = end < 0 ? "" : source[(_position + 1)..end];
        string? decoded = reference switch
        {
            "lt" => "<",
            "gt" => ">",
            "amp" => "&",
            "quot" => "\"",
            _ when reference.StartsWith("#x", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(reference[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex) => char.ConvertFromUtf32(hex),
            _ when reference.StartsWith('#') && int.TryParse(reference[1..], CultureInfo.InvariantCulture, out var dec) => char.ConvertFromUtf32(dec),
            _ => null,
        };
        if (decoded is null)
        {
            // Like Telegram, an unknown entity is kept as text.
            _output.Append('&');
            _position++;
            return;
        }
        _output.Append(decoded);
        _position = end + 1;
    }
}
