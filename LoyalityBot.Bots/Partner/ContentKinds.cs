using LoyalityBot.Messaging.IntegrationEvents;

namespace LoyalityBot.Bots.Partner;

/// <summary>The one-letter codes of a partner's content in callback data: <c>p</c> a promotion, <c>s</c> a service.</summary>
internal static class ContentKinds
{
    public const string Promotion = "p";
    public const string Service = "s";

    public static bool TryParse(string code, out MediaOwnerKind kind)
    {
        kind = code == Service ? MediaOwnerKind.Service : MediaOwnerKind.Promotion;
        return code is Promotion or Service;
    }

    public static string Code(MediaOwnerKind kind) => kind == MediaOwnerKind.Service ? Service : Promotion;
}
