using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using LoyalityBot.Messaging.EventBus;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LoyalityBot.Messaging.Metrics;

/// <summary>
/// Events written but not yet confirmed by the broker (<c>messaging.outbox.pending</c>) and how long the oldest has
/// waited (<c>messaging.outbox.oldest_pending_age</c>, seconds): the first numbers to rise when the broker is down
/// or the relays fall behind. One indexed query (the partial index on pending rows).
/// </summary>
public sealed class OutboxMonitor : PollingMonitor
{
    private static readonly ConcurrentDictionary<OutboxMonitor, byte> Live = new();

    static OutboxMonitor()
    {
        MessagingMetrics.Meter.CreateObservableGauge("messaging.outbox.pending",
            () => Live.Keys.Select(m => new Measurement<long>(m.pending, MessagingMetrics.Tag("database", m.database))),
            "{message}", "Outbox events not yet confirmed by the broker");
        MessagingMetrics.Meter.CreateObservableGauge("messaging.outbox.oldest_pending_age",
            () => Live.Keys.Select(m => new Measurement<double>(m.oldestAge, MessagingMetrics.Tag("database", m.database))),
            "s", "How long the oldest pending outbox event has waited (0 when none)");
    }

    private readonly NpgsqlDataSource dataSource;
    private readonly string? database;
    private long pending;
    private double oldestAge;

    public OutboxMonitor(NpgsqlDataSource dataSource, IOptions<EventBusOptions> options, ILogger<OutboxMonitor> logger)
        : base(options.Value.MetricsInterval, logger)
    {
        this.dataSource = dataSource;
        database = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).Database;
        Live[this] = 0;
    }

    public override async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT count(*), coalesce(extract(epoch FROM now() - min(creation_time)), 0)::float8
            FROM integration_event_outbox WHERE sent_at IS NULL
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        Volatile.Write(ref pending, reader.GetInt64(0));
        Volatile.Write(ref oldestAge, Math.Max(0, reader.GetDouble(1)));
    }

    public override void Dispose()
    {
        Live.TryRemove(this, out _);
        base.Dispose();
    }
}
