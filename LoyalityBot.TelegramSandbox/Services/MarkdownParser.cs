using System.Text;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace LoyalityBot.TelegramSandbox.Services;

/// <summary>
/// MarkdownV2 (every reserved character outside an entity must be escaped) and the legacy Markdown
/// (only *bold*, _italic_, `code`, ```pre``` and [links](url), nothing else is reserved).
/// </summary>
internal sealed class MarkdownParser(string source, List<MessageEntity> entities, bool legacy)
{
    private const string Reserved = "_*[]()~`>#+-=|{}.!";

    private readonly StringBuilder _output = new(source.Length);
    private readonly List<(MessageEntity Entity, int Start)> _open = [];
    private int _position;

    public string Run()
    {
        while (_position < source.Length)
        {
            var c = source[_position];
            if (c == '\\' && _position + 1 < source.Length && (legacy ? "_*`[\\".Contains(source[_position + 1]) : source[_position + 1] is > (char)0 and < (char)127))
            {
                _output.Append(source[_position + 1]);
                _position += 2;
            }
            else if (c == '`')
            {
                ReadCode();
            }
            else if (TryMarker(out var type, out var width))
            {
                Toggle(type, width);
            }
            else if (c == ']' && _open.Count > 0 && _open[^1].Entity.Type == MessageEntityType.TextLink)
            {
                CloseLink();
            }
            else if (c == '[')
            {
                _open.Add((new MessageEntity { Type = MessageEntityType.TextLink, Offset = _output.Length }, _position));
                _position++;
            }
            else if (!legacy && Reserved.Contains(c))
            {
                throw FormattedText.CantParse($"Character '{c}' is reserved and must be escaped with the preceding '\\'");
            }
            else
            {
                _output.Append(c);
                _position++;
            }
        }
        if (_open.Count > 0)
        {
            var (entity, start) = _open[^1];
            throw FormattedText.CantParse(legacy
                ? $"Can't find end of the entity starting at byte offset {FormattedText.ByteOffset(source, start)}"
                : $"Can't find end of {FormattedText.Name(entity.Type)} entity at byte offset {FormattedText.ByteOffset(source, start)}");
        }
        return _output.ToString();
    }

    private bool TryMarker(out MessageEntityType type, out int width)
    {
        var rest = source.AsSpan(_position);
        (type, width) = rest switch
        {
            _ when rest.StartsWith("*") => (MessageEntityType.Bold, 1),
            _ when !legacy && rest.StartsWith("__") && !IsTop(MessageEntityType.Italic) => (MessageEntityType.Underline, 2),
            _ when rest.StartsWith("_") => (MessageEntityType.Italic, 1),
            _ when !legacy && rest.StartsWith("~") => (MessageEntityType.Strikethrough, 1),
            _ when !legacy && rest.StartsWith("||") => (MessageEntityType.Spoiler, 2),
            _ => (default, 0),
        };
        return width > 0;
    }

    private bool IsTop(MessageEntityType type) => _open.Count > 0 && _open[^1].Entity.Type == type;

    private void Toggle(MessageEntityType type, int width)
    {
        if (IsTop(type))
        {
            var entity = _open[^1].Entity;
            _open.RemoveAt(_open.Count - 1);
            entity.Length = _output.Length - entity.Offset;
            entities.Add(entity);
        }
        else
        {
            _open.Add((new MessageEntity { Type = type, Offset = _output.Length }, _position));
        }
        _position += width;
    }

    private void CloseLink()
    {
        var (entity, start) = _open[^1];
        _open.RemoveAt(_open.Count - 1);
        _position++;
        if (_position >= source.Length || source[_position] != '(')
        {
            throw FormattedText.CantParse($"Can't find end of a URL at byte offset {FormattedText.ByteOffset(source, start)}");
        }
        var url = new StringBuilder();
        _position++;
        while (_position < source.Length && source[_position] != ')')
        {
            if (source[_position] == '\\' && _position + 1 < source.Length)
            {
                _position++;
            }
            url.Append(source[_position++]);
        }
        if (_position >= source.Length)
        {
            throw FormattedText.CantParse($"Can't find end of a URL at byte offset {FormattedText.ByteOffset(source, start)}");
        }
        _position++;
        entity.Url = url.ToString();
        entity.Length = _output.Length - entity.Offset;
        entities.Add(entity);
    }

    // Inside `code` and ```pre``` only ` and \ are special.
    private void ReadCode()
    {
        var start = _position;
        var isPre = source.AsSpan(_position).StartsWith("```");
        var fence = isPre ? "```" : "`";
        _position += fence.Length;
        var entity = new MessageEntity { Type = isPre ? MessageEntityType.Pre : MessageEntityType.Code, Offset = _output.Length };
        if (isPre)
        {
            var newline = source.IndexOf('\n', _position);
            var close = source.IndexOf("```", _position, StringComparison.Ordinal);
            if (newline >= 0 && (close < 0 || newline < close) && newline > _position && !source.AsSpan(_position, newline - _position).ContainsAny(" \t"))
            {
                entity.Language = source[_position..newline];
                _position = newline + 1;
            }
            entity.Offset = _output.Length;
        }
        while (_position < source.Length && !source.AsSpan(_position).StartsWith(fence))
        {
            if (source[_position] == '\\' && _position + 1 < source.Length && source[_position + 1] is '`' or '\\')
            {
                _position++;
            }
            _output.Append(source[_position++]);
        }
        if (_position >= source.Length)
        {
            throw FormattedText.CantParse(legacy
                ? $"Can't find end of the entity starting at byte offset {FormattedText.ByteOffset(source, start)}"
                : $"Can't find end of {FormattedText.Name(entity.Type)} entity at byte offset {FormattedText.ByteOffset(source, start)}");
        }
        _position += fence.Length;
        entity.Length = _output.Length - entity.Offset;
        entities.Add(entity);
    }
}
