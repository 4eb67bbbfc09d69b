using LoyalityBot.Messaging.Outbox;
using Npgsql;

namespace LoyalityBot.Messaging.Tests.Infrastructure;

/// <summary>
/// An idempotent consumer: records every delivery in the sink, but applies its effect (a row in
/// <c>accrual_effects</c>) only when <see cref="ProcessedEvents"/> says this is the first, in the same transaction.
/// </summary>
public sealed class AccrualEffectHandler(NpgsqlDataSource dataSource, EventSink sink) : IIntegrationEventHandler<PointsAccruedIntegrationEvent>
{
    private const string Consumer = "test-accrual-effects";

    public async Task Handle(PointsAccruedIntegrationEvent @event, CancellationToken cancellationToken)
    {
        sink.Record(@event);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await ProcessedEvents.TryRecordAsync(connection, transaction, @event.Id, Consumer, cancellationToken))
        {
            await using var effect = new NpgsqlCommand("INSERT INTO accrual_effects (event_id, entry_id) VALUES ($1, $2)", connection, transaction);
            effect.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = @event.Id });
            effect.Parameters.Add(new NpgsqlParameter<long> { TypedValue = @event.EntryId });
            await effect.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }
}
