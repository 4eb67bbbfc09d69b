namespace LoyalityBot.Domain.Seeding;

/// <summary>How much demo data to generate; the same seed always gives the same data.</summary>
public sealed record SeedSize(int Clients, int Partners, int Transactions, int RandomSeed = 20261124)
{
    /// <summary>Client ids start here (Telegram user ids of real people are far below; seeded ones are easy to spot).</summary>
    public const long FirstClientId = 7_000_000_000;

    /// <summary>Partner ids start here.</summary>
    public const long FirstPartnerId = 8_000_000_000;
}
