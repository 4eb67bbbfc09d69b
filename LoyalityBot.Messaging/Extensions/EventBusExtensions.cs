using LoyalityBot.Messaging.EventBus;
using LoyalityBot.Messaging.IntegrationEvents;
using LoyalityBot.Messaging.Metrics;
using LoyalityBot.Messaging.Outbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace LoyalityBot.Messaging.Extensions;

public static class EventBusExtensions
{
    /// <summary>
    /// The RabbitMQ event bus on the shared connection <c>ConnectionStrings:{connectionName}</c>, configured from the
    /// <c>EventBus</c> section (validated at start). Add handlers with <see cref="AddSubscription{TEvent, THandler}"/>;
    /// the consumer starts only when there is at least one.
    /// </summary>
    public static IEventBusBuilder AddRabbitMqEventBus(this IHostApplicationBuilder builder, string connectionName)
    {
        builder.AddRabbitMQClient(connectionName);
        builder.Services.AddOptions<EventBusOptions>()
            .Bind(builder.Configuration.GetSection(EventBusOptions.SectionName))
            .Validate(options => options.Validate() is null, "The EventBus configuration section is invalid (see EventBusOptions.Validate).")
            .ValidateOnStart();
        builder.Services.AddSingleton<RabbitMQEventBus>();
        builder.Services.AddSingleton<IEventBus>(sp => sp.GetRequiredService<RabbitMQEventBus>());
        builder.Services.AddSingleton<DeadLetterQueue>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource(MessagingTelemetry.ActivitySourceName))
            .WithMetrics(metrics => metrics.AddMeter(MessagingMetrics.MeterName));
        return new EventBusBuilder(builder.Services, builder.Configuration);
    }

    /// <summary>Consumes <typeparamref name="TEvent"/> in this service's queue with <typeparamref name="THandler"/>.</summary>
    public static IEventBusBuilder AddSubscription<TEvent, THandler>(this IEventBusBuilder eventBus)
        where TEvent : IntegrationEvent
        where THandler : class, IIntegrationEventHandler<TEvent>
    {
        eventBus.Services.AddKeyedTransient<IIntegrationEventHandler, THandler>(typeof(TEvent));
        eventBus.Services.Configure<EventBusSubscriptionInfo>(info => info.EventTypes[typeof(TEvent).Name] = typeof(TEvent));
        eventBus.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RabbitMQConsumer>());
        eventBus.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, QueueMonitor>());
        return eventBus;
    }

    /// <summary>Runs an <see cref="OutboxRelay"/> on the registered <c>NpgsqlDataSource</c> (one per replica is safe).</summary>
    public static IEventBusBuilder AddOutboxRelay(this IEventBusBuilder eventBus)
    {
        eventBus.Services.AddOptions<OutboxOptions>().Bind(eventBus.Configuration.GetSection(OutboxOptions.SectionName))
            .Validate(options => options.Validate() is null, "The Outbox configuration section is invalid (see OutboxOptions.Validate).")
            .ValidateOnStart();
        eventBus.Services.AddHostedService<OutboxRelay>();
        eventBus.Services.AddHostedService<OutboxMonitor>();
        return eventBus;
    }

    private sealed class EventBusBuilder(IServiceCollection services, IConfiguration configuration) : IEventBusBuilder
    {
        public IServiceCollection Services { get; } = services;
        public IConfiguration Configuration { get; } = configuration;
    }
}
