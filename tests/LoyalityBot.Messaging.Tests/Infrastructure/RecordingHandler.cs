namespace LoyalityBot.Messaging.Tests.Infrastructure;

/// <summary>Records each delivery, then fails poison events (every attempt is recorded) until the sink is cured.</summary>
public sealed class RecordingHandler(EventSink sink) : IIntegrationEventHandler<SomethingHappenedIntegrationEvent>
{
    public async Task Handle(SomethingHappenedIntegrationEvent @event, CancellationToken cancellationToken)
    {
        if (@event.Number == 0 && sink.Hold is { } hold)
        {
            sink.Record(@event);
            await hold.Task;
            return;
        }
        sink.Record(@event);
        if (@event.Poison && !sink.Cured)
        {
            throw new InvalidOperationException($"Event {@event.Number} is poison.");
        }
    }
}
