using LoyalityBot.Messaging.Extensions;
using LoyalityBot.Workers.Telegram;

namespace LoyalityBot.Workers.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddLoyaltyData();
        builder.AddRedisClient("cache");
        builder.AddRedisCoordination();
        builder.AddRabbitMqEventBus("messaging").AddOutboxRelay();
        builder.AddTelegramGateway();
    }
}
