using LoyalityBot.Domain.Queries;

namespace LoyalityBot.Domain.Tests.Queries;

public class PagingTests
{
    [Fact]
    public void Cursors_round_trip_and_are_opaque()
    {
        var text = new PageCursor(123_456_789).Encode();
        Assert.DoesNotContain("123456789", text, StringComparison.Ordinal);
        Assert.True(PageCursor.TryDecode(text, out var cursor));
        Assert.Equal(123_456_789, cursor.After);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-cursor")]
    [InlineData("MTIz")] // base64 of "123": no version prefix
    public void Foreign_cursors_are_refused(string text)
    {
        Assert.False(PageCursor.TryDecode(text, out _));
        if (text.Length > 0)
        {
            Assert.Throws<FormatException>(() => PageRequest.Parse(text));
        }
    }

    [Theory]
    [InlineData(null, 20)]
    [InlineData(50, 50)]
    [InlineData(1_000, 100)]
    [InlineData(0, 1)]
    public void Page_sizes_default_to_20_and_never_exceed_100(int? requested, int size) =>
        Assert.Equal(size, PageRequest.Parse(null, requested).Size);
}
