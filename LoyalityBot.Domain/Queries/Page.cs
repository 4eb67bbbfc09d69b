namespace LoyalityBot.Domain.Queries;

/// <summary>A page of rows and the cursor of the next page (null on the last one).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
