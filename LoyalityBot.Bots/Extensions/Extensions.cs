namespace LoyalityBot.Bots.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource("loyalty");
        builder.AddNpgsqlDataSource("loyalty-readonly", serviceKey: "readonly");
        builder.AddRedisClient("cache");
        builder.AddRabbitMQClient("messaging");
    }
}
