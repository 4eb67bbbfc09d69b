namespace LoyalityBot.TelegramSandbox.Apis;

/// <summary>A Bot API method's result and the type to serialize it as, plus the optional envelope description.</summary>
public readonly record struct BotResult(object Value, Type Type, string? Description = null)
{
    public static BotResult Of<T>(T value, string? description = null) where T : notnull => new(value, typeof(T), description);
}
