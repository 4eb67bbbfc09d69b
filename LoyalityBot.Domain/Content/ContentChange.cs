namespace LoyalityBot.Domain.Content;

/// <summary>What a create or update did: the saved item, or the invalid fields, or nothing found for this partner.</summary>
public sealed record ContentChange<T>(T? Item, IDictionary<string, string[]>? Errors) where T : class
{
    public static ContentChange<T> NotFound { get; } = new(null, null);

    public bool Succeeded => Item is not null;
}
