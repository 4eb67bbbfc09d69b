using LoyalityBot.Bots.Pipeline;
using LoyalityBot.Domain.Queries;

namespace LoyalityBot.Bots.Tests;

/// <summary>Page buttons (<c>prefix:&lt;cursor&gt;</c>) as every paged list in the bots reads them.</summary>
public sealed class CallbackDataTests
{
    [Fact]
    public void A_page_button_gives_the_page_after_its_cursor()
    {
        var cursor = new PageCursor(42).Encode();

        Assert.True(CallbackData.TryParsePage($"sr:{cursor}", "sr", 5, out var page));

        Assert.Equal(42, page!.After!.Value.After);
        Assert.Equal(5, page.Size);
    }

    [Theory]
    [InlineData("sr:forged")]
    [InlineData("sr:")]
    [InlineData("sr:azE1:extra")]
    public void A_forged_or_malformed_cursor_is_a_press_without_a_page(string data)
    {
        Assert.True(CallbackData.TryParsePage(data, "sr", 5, out var page));
        Assert.Null(page);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("pr:azE1")]
    [InlineData("srx:azE1")]
    public void Other_buttons_are_not_page_buttons(string? data) =>
        Assert.False(CallbackData.TryParsePage(data, "sr", 5, out _));
}
