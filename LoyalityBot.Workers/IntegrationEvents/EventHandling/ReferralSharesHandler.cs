using LoyalityBot.Domain.Ledger;
using LoyalityBot.Messaging.EventBus;
using LoyalityBot.Messaging.IntegrationEvents;

namespace LoyalityBot.Workers.IntegrationEvents.EventHandling;

/// <summary>
/// Pays the uplines' L1–L3 shares of what a client earned: the accrual itself, or a promotion payment's cashback
/// (a plain redemption earns nothing, which the ledger answers with EntryNotFound). Idempotent in the ledger: the
/// shares' keys are <c>{accrual key}/l{level}</c>, so a redelivered event pays nothing.
/// </summary>
internal sealed partial class ReferralSharesHandler(LedgerService ledger, ILogger<ReferralSharesHandler> logger)
    : IIntegrationEventHandler<PointsAccruedIntegrationEvent>, IIntegrationEventHandler<PointsRedeemedIntegrationEvent>
{
    public async Task Handle(PointsAccruedIntegrationEvent @event, CancellationToken cancellationToken)
    {
        var result = await ledger.PayReferralSharesAsync(@event.EntryId, cancellationToken);
        if (result.Status == LedgerStatus.EntryNotFound)
        {
            // The event commits with its entry, so this is an event from another database or a hand-made one.
            LogNoAccrual(logger, @event.EntryId, @event.Id);
        }
    }

    public Task Handle(PointsRedeemedIntegrationEvent @event, CancellationToken cancellationToken) =>
        ledger.PayReferralSharesAsync(@event.EntryId, cancellationToken);

    // Two event types: the untyped entry point the consumer calls picks the overload.
    Task IIntegrationEventHandler.Handle(IntegrationEvent @event, CancellationToken cancellationToken) => @event switch
    {
        PointsAccruedIntegrationEvent accrued => Handle(accrued, cancellationToken),
        PointsRedeemedIntegrationEvent redeemed => Handle(redeemed, cancellationToken),
        _ => throw new ArgumentException($"{nameof(ReferralSharesHandler)} does not handle {@event.GetType().Name}.", nameof(@event)),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "PointsAccrued event {EventId} names ledger entry {EntryId}, which is no accrual; no shares paid")]
    private static partial void LogNoAccrual(ILogger logger, long entryId, Guid eventId);
}
