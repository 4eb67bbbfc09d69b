using LoyalityBot.Domain.Rules;
using Microsoft.Extensions.Configuration;

namespace LoyalityBot.Domain.Tests.Rules;

public class LedgerOptionsTests
{
    [Fact]
    public void Defaults_are_the_original_programs_numbers()
    {
        var options = new LedgerOptions();
        Assert.Equal(100, options.WelcomeBonus);
        Assert.Equal(5m, options.DefaultCashbackPercent);
        Assert.Equal(500, options.MaxAccrualPointsPerOperation);
        Assert.Equal(2_000, options.MaxSpendPointsPerDay);
        Assert.Equal(1_000_000m, options.MaxOperationAmount);
        Assert.Null(options.Validate());
    }

    [Fact]
    public void The_Ledger_section_overrides_them()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ledger:WelcomeBonus"] = "50",
            ["Ledger:MaxSpendPointsPerDay"] = "3000",
            ["Ledger:ReferralAchievements:5"] = "250",
        }).Build();
        var options = configuration.GetSection(LedgerOptions.SectionName).Get<LedgerOptions>()!;
        Assert.Equal(50, options.WelcomeBonus);
        Assert.Equal(3_000, options.MaxSpendPointsPerDay);
        Assert.Equal(250, options.ReferralAchievements[5]);
        Assert.Equal(500, options.ReferralAchievements[10]);
    }

    [Fact]
    public void Invalid_numbers_are_reported()
    {
        Assert.NotNull(new LedgerOptions { MaxSpendPointsPerDay = 0 }.Validate());
        Assert.NotNull(new LedgerOptions { DefaultCashbackPercent = 101 }.Validate());
        Assert.NotNull(new LedgerOptions { BaseCurrency = "US" }.Validate());
    }
}
