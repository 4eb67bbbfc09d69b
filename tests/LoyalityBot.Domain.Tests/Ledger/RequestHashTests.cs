using LoyalityBot.Domain.Ledger;

namespace LoyalityBot.Domain.Tests.Ledger;

public class RequestHashTests
{
    [Fact]
    public void Equal_amounts_written_differently_hash_the_same() =>
        Assert.Equal(RequestHash.Of("accrual", 1L, 100m, "usd"), RequestHash.Of("accrual", 1L, 100.00m, "USD"));

    [Fact]
    public void Different_payloads_hash_differently() =>
        Assert.NotEqual(RequestHash.Of("accrual", 1L, 100m), RequestHash.Of("accrual", 1L, 101m));
}
