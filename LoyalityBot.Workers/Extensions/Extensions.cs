using LoyalityBot.Messaging.Extensions;
using LoyalityBot.Messaging.IntegrationEvents;
using LoyalityBot.Messaging.Scheduling;
using LoyalityBot.Workers.Broadcasts;
using LoyalityBot.Workers.IntegrationEvents.EventHandling;
using LoyalityBot.Workers.Jobs;
using LoyalityBot.Workers.Notifications;
using LoyalityBot.Workers.Telegram;

namespace LoyalityBot.Workers.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddLoyaltyData();
        builder.AddRedisClient("cache");
        builder.AddRedisCoordination();
        builder.AddTelegramGateway();
        builder.AddBroadcasts();
        builder.Services.Configure<NotificationOptions>(builder.Configuration.GetSection(NotificationOptions.SectionName));
        builder.AddRabbitMqEventBus("messaging")
            .AddSubscription<PointsAccruedIntegrationEvent, PointsAccruedReceiptHandler>()
            .AddSubscription<BroadcastRequestedIntegrationEvent, BroadcastRequestedHandler>()
            .AddOutboxRelay();
        builder.AddScheduledJob<OutboxCleanupJob>();
    }
}
