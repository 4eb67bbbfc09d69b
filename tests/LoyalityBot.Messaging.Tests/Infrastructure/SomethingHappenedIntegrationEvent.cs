namespace LoyalityBot.Messaging.Tests.Infrastructure;

/// <summary>A test event; a poison one makes <see cref="RecordingHandler"/> throw until <see cref="EventSink.Cure"/>.</summary>
public sealed record SomethingHappenedIntegrationEvent(int Number, bool Poison = false) : IntegrationEvent;
