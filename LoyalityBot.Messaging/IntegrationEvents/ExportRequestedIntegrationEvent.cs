namespace LoyalityBot.Messaging.IntegrationEvents;

/// <summary>The exports the workers produce.</summary>
public enum ExportKind { PartnerAnalyticsCsv, PartnerAnalyticsXlsx, AdminClientsCsv, AdminTransactionsCsv, ClientDataJson }

/// <summary>
/// Someone asked for an export. The workers stream it and send it as a document to
/// <paramref name="RecipientTelegramId"/> through <paramref name="Bot"/> (client, partner or admin).
/// <paramref name="PartnerId"/> or <paramref name="ClientId"/> scope it where the kind needs one.
/// </summary>
public sealed record ExportRequestedIntegrationEvent(
    ExportKind Kind, string Bot, long RecipientTelegramId, long? PartnerId, long? ClientId) : IntegrationEvent;
