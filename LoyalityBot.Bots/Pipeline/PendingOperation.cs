using System.Security.Cryptography;
using System.Text;

namespace LoyalityBot.Bots.Pipeline;

/// <summary>
/// An operation awaiting the user's confirmation, kept as a short-lived draft (5 min). Its id comes from the update
/// that created it and becomes the ledger's idempotency key, so pressing Confirm twice, or a redelivered press,
/// applies it once.
/// </summary>
public sealed record PendingOperation(string Id, string Kind, long ClientId, string ClientName, decimal Amount, string? Token = null)
{
    public const string DraftKey = "operation";

    public static string NewId(BotUpdate update) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(update.IdempotencyKey)))[..20];

    public string IdempotencyKey(string bot) => $"tg:{bot}:op:{Id}";
}
