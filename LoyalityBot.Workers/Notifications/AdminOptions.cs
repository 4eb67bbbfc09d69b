namespace LoyalityBot.Workers.Notifications;

/// <summary>The <c>Admin</c> section: who receives admin alerts (<c>Admin:TelegramIds:0</c>, <c>:1</c>…).</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    public long[] TelegramIds { get; set; } = [];
}
