using LoyalityBot.Domain.Cards;
using LoyalityBot.Domain.Payments;
using Microsoft.Extensions.Options;

namespace LoyalityBot.Domain.Tests.Payments;

public sealed class PaymentTokenCodecTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static PaymentTokenCodec Codec(TimeProvider time, string key = "0123456789abcdef0123456789abcdef") =>
        new(Options.Create(new PaymentTokenOptions { SigningKey = key, Lifetime = TimeSpan.FromMinutes(10) }), time);

    [Fact]
    public void An_issued_token_reads_back_and_fits_a_telegram_start_payload()
    {
        var codec = Codec(new StoppedClock(Now));

        var text = codec.Issue(clientId: 7_123_456_789, promotionId: 42, points: 350);
        var read = codec.Read(text);

        Assert.Null(read.Error);
        Assert.Equal(new PaymentToken(7_123_456_789, 42, 350, Now.AddMinutes(10).UtcDateTime), read.Token);
        Assert.True(DeepLink.IsValidPayload("pay_" + text), text);
    }

    [Fact]
    public void An_expired_token_is_refused()
    {
        var clock = new StoppedClock(Now);
        var codec = Codec(clock);
        var text = codec.Issue(1, 2, 3);

        clock.Now = Now.AddMinutes(10);

        Assert.Contains("expired", codec.Read(text).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_signed_with_another_key_or_altered_is_refused()
    {
        var clock = new StoppedClock(Now);
        var text = Codec(clock, key: new string('x', 32)).Issue(1, 2, 3);
        var genuine = Codec(clock).Issue(1, 2, 3);
        var altered = (genuine[0] == 'A' ? 'B' : 'A') + genuine[1..];

        Assert.Contains("not genuine", Codec(clock).Read(text).Error, StringComparison.Ordinal);
        Assert.Contains("not genuine", Codec(clock).Read(altered).Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Garbage_is_malformed_not_an_exception(string? text) =>
        Assert.Contains("malformed", Codec(new StoppedClock(Now)).Read(text).Error, StringComparison.Ordinal);

    [Fact]
    public void The_idempotency_key_is_stable_per_token_and_differs_between_tokens()
    {
        var codec = Codec(new StoppedClock(Now));
        var first = codec.Issue(1, 2, 3);
        var second = codec.Issue(1, 2, 4);

        Assert.Equal(PaymentTokenCodec.IdempotencyKey(first), PaymentTokenCodec.IdempotencyKey(first));
        Assert.NotEqual(PaymentTokenCodec.IdempotencyKey(first), PaymentTokenCodec.IdempotencyKey(second));
    }

    [Theory]
    [InlineData("", "Payments:SigningKey")]
    [InlineData("short", "Payments:SigningKey")]
    public void A_short_key_is_a_configuration_error(string key, string expected) =>
        Assert.Contains(expected, new PaymentTokenOptions { SigningKey = key }.Validate(), StringComparison.Ordinal);

    private sealed class StoppedClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
