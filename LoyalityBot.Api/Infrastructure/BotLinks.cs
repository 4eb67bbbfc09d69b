using LoyalityBot.Domain.Cards;

namespace LoyalityBot.Api.Infrastructure;

/// <summary>Deep links into the bots, from <c>Telegram:Bots:{client|partner}:Username</c>.</summary>
public sealed class BotLinks(IConfiguration configuration)
{
    private string Username(string bot) =>
        configuration[$"Telegram:Bots:{bot}:Username"] is { Length: > 0 } name
            ? name
            : throw new InvalidOperationException($"Telegram:Bots:{bot}:Username is not configured.");

    /// <summary>The client bot's referral link (<c>ref_&lt;code&gt;</c>).</summary>
    public string Referral(string referralCode) => DeepLink.Create(Username("client"), "ref_" + referralCode);

    /// <summary>The partner bot's link that confirms a points payment (<c>pay_&lt;token&gt;</c>).</summary>
    public string Payment(string token) => DeepLink.Create(Username("partner"), "pay_" + token);
}
