using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LoyalityBot.Messaging.Extensions;

/// <summary>Chains subscriptions and the outbox relay onto <c>AddRabbitMqEventBus</c>.</summary>
public interface IEventBusBuilder
{
    IServiceCollection Services { get; }
    IConfiguration Configuration { get; }
}
