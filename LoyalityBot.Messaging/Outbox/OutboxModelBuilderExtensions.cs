using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Messaging.Outbox;

public static class OutboxModelBuilderExtensions
{
    /// <summary>
    /// Maps the outbox and the processed-events tables into a service's own database (its DbContext calls this in
    /// <c>OnModelCreating</c>), so events commit in the same transaction as the change they announce.
    /// </summary>
    public static ModelBuilder UseIntegrationEventOutbox(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable("integration_event_outbox");
            outbox.HasKey(m => m.EventId);
            outbox.Property(m => m.EventId).HasColumnName("event_id");
            outbox.Property(m => m.EventTypeName).HasColumnName("event_type_name").HasMaxLength(200);
            outbox.Property(m => m.Content).HasColumnName("content").HasColumnType("jsonb");
            outbox.Property(m => m.CreationTime).HasColumnName("creation_time");
            outbox.Property(m => m.TraceParent).HasColumnName("trace_parent").HasMaxLength(55);
            outbox.Property(m => m.TraceState).HasColumnName("trace_state").HasMaxLength(512);
            outbox.Property(m => m.TimesSent).HasColumnName("times_sent");
            outbox.Property(m => m.SentAt).HasColumnName("sent_at");
            // The relay's scan: only pending rows, oldest first; sent rows do not bloat it.
            outbox.HasIndex(m => m.CreationTime).HasFilter("sent_at IS NULL").HasDatabaseName("ix_integration_event_outbox_pending");
        });
        modelBuilder.Entity<ProcessedEvent>(processed =>
        {
            processed.ToTable("processed_integration_events");
            processed.HasKey(p => new { p.EventId, p.Consumer });
            processed.Property(p => p.EventId).HasColumnName("event_id");
            processed.Property(p => p.Consumer).HasColumnName("consumer").HasMaxLength(100);
            processed.Property(p => p.ProcessedAt).HasColumnName("processed_at");
        });
        return modelBuilder;
    }
}
