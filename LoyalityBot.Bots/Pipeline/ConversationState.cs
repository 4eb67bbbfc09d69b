namespace LoyalityBot.Bots.Pipeline;

/// <summary>Where a user is in a multi-step flow of one bot, and what they entered so far (kept in Redis, 1 h).</summary>
public sealed record ConversationState(string Step, Dictionary<string, string> Data)
{
    /// <summary>A flow's first step, with nothing entered yet.</summary>
    public static ConversationState Of(string step) => new(step, []);

    public string? this[string key] => Data.TryGetValue(key, out var value) ? value : null;

    public ConversationState With(string key, string value) => this with { Data = new(Data) { [key] = value } };

    public ConversationState Next(string step) => this with { Step = step };
}
