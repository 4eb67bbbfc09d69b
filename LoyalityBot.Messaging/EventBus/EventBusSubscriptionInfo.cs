using System.Text.Json;

namespace LoyalityBot.Messaging.EventBus;

/// <summary>The event types this process consumes, by routing key (the type's name), and how their bodies are read.</summary>
public sealed class EventBusSubscriptionInfo
{
    public Dictionary<string, Type> EventTypes { get; } = [];

    public JsonSerializerOptions JsonSerializerOptions { get; } = new(JsonSerializerDefaults.Web);
}
