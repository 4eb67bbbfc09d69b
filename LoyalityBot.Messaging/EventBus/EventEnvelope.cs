namespace LoyalityBot.Messaging.EventBus;

/// <summary>
/// A serialized event as it travels: the outbox stores exactly this, so the relay publishes without knowing the
/// event's CLR type, and the trace context of the code that raised the event goes along.
/// </summary>
public sealed record EventEnvelope(Guid Id, string EventTypeName, ReadOnlyMemory<byte> Body, string? TraceParent, string? TraceState);
