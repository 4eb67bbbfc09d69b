using LoyalityBot.TelegramSandbox.Model;
using LoyalityBot.TelegramSandbox.Services;

namespace LoyalityBot.TelegramSandbox.Tests;

/// <summary>parse_mode parsing: offsets in UTF-16 units, nesting, pre with a language, Telegram's error texts.</summary>
public sealed class FormattedTextTests
{
    [Fact]
    public void Html_nests_entities_and_counts_offsets_in_utf16_units()
    {
        var (text, entities) = FormattedText.Parse("🎁 <b>Bonus <i>x2</i></b> <pre><code class=\"language-csharp\">var a = 1;</code></pre> <tg-spoiler>s</tg-spoiler>", "HTML");

        Assert.Equal("🎁 Bonus x2 var a = 1; s", text);
        Assert.Equal(
            [(MessageEntityType.Bold, 3, 8, null), (MessageEntityType.Italic, 9, 2, null), (MessageEntityType.Pre, 12, 10, "csharp"), (MessageEntityType.Spoiler, 23, 1, null)],
            entities!.Select(e => (e.Type, e.Offset, e.Length, e.Language)));
    }

    [Theory]
    [InlineData("<b>x</i>", "Unmatched end tag at byte offset 4, expected \"</b>\", found \"</i>\"")]
    [InlineData("<marquee>x</marquee>", "Unsupported start tag \"marquee\" at byte offset 0")]
    [InlineData("x</b>", "Unexpected end tag at byte offset 1")]
    public void Html_errors_are_Telegrams(string html, string error)
    {
        var exception = Assert.Throws<BotApiException>(() => FormattedText.Parse(html, "html"));

        Assert.Equal($"Bad Request: can't parse entities: {error}", exception.Message);
    }

    [Fact]
    public void MarkdownV2_handles_pre_with_language_links_with_escapes_and_unclosed_entities()
    {
        var (text, entities) = FormattedText.Parse("```python\nprint(1)\n```[a\\]](https://x.org/\\)p)", "MarkdownV2");
        var unclosed = Assert.Throws<BotApiException>(() => FormattedText.Parse("ok *bold", "MarkdownV2"));

        Assert.Equal("print(1)\na]", text);
        Assert.Equal([(MessageEntityType.Pre, 0, 9, "python", null), (MessageEntityType.TextLink, 9, 2, null, "https://x.org/)p")],
            entities!.Select(e => (e.Type, e.Offset, e.Length, e.Language, e.Url)));
        Assert.Equal("Bad Request: can't parse entities: Can't find end of Bold entity at byte offset 3", unclosed.Message);
    }

    [Fact]
    public void Legacy_Markdown_reserves_only_its_own_markers()
    {
        var (text, entities) = FormattedText.Parse("*Total:* 1.5 - _ok_", "Markdown");

        Assert.Equal("Total: 1.5 - ok", text);
        Assert.Equal([MessageEntityType.Bold, MessageEntityType.Italic], entities!.Select(e => e.Type));
    }
}
