using LoyalityBot.Messaging.Extensions;
using LoyalityBot.Messaging.IntegrationEvents;
using LoyalityBot.Messaging.Scheduling;
using LoyalityBot.Workers.Broadcasts;
using LoyalityBot.Workers.Exports;
using LoyalityBot.Workers.Images;
using LoyalityBot.Workers.IntegrationEvents.EventHandling;
using LoyalityBot.Workers.Jobs;
using LoyalityBot.Workers.Jobs.ExchangeRates;
using LoyalityBot.Workers.Jobs.Reactivation;
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
        builder.Services.Configure<AdminOptions>(builder.Configuration.GetSection(AdminOptions.SectionName));
        builder.Services.AddSingleton<Notifier>();
        builder.AddImageProcessing();
        builder.AddExports();
        // Handlers of one event run in this order; the ledger's shares first, so a failing send cannot hold them up.
        builder.AddRabbitMqEventBus("messaging")
            .AddSubscription<PointsAccruedIntegrationEvent, ReferralSharesHandler>()
            .AddSubscription<PointsAccruedIntegrationEvent, PointsAccruedReceiptHandler>()
            .AddSubscription<MediaUploadedIntegrationEvent, MediaUploadedHandler>()
            .AddSubscription<ExportRequestedIntegrationEvent, ExportRequestedHandler>()
            .AddSubscription<PointsRedeemedIntegrationEvent, ReferralSharesHandler>()
            .AddSubscription<PointsRedeemedIntegrationEvent, PointsRedeemedReceiptHandler>()
            .AddSubscription<PartnerApplicationDecidedIntegrationEvent, PartnerApplicationDecidedHandler>()
            .AddSubscription<ContentModeratedIntegrationEvent, ContentModeratedHandler>()
            .AddSubscription<ClientMessageSentIntegrationEvent, ClientMessageSentHandler>()
            .AddSubscription<AdminAlertIntegrationEvent, AdminAlertHandler>()
            .AddSubscription<BroadcastRequestedIntegrationEvent, BroadcastRequestedHandler>()
            .AddOutboxRelay();
        builder.AddScheduledJobs();
    }

    private static void AddScheduledJobs(this IHostApplicationBuilder builder)
    {
        builder.AddScheduledJob<OutboxCleanupJob>();

        builder.Services.AddOptions<ReactivationOptions>()
            .Bind(builder.Configuration.GetSection(ReactivationOptions.SectionName))
            .Validate(options => options.Validate() is null, "The Reactivation section is invalid (see ReactivationOptions.Validate).")
            .ValidateOnStart();
        builder.AddScheduledJob<ChurnReactivationJob>();

        var rates = builder.Configuration.GetSection(ExchangeRateOptions.SectionName);
        builder.Services.AddOptions<ExchangeRateOptions>().Bind(rates)
            .Validate(options => options.Validate() is null, "The ExchangeRates section is invalid (see ExchangeRateOptions.Validate).")
            .ValidateOnStart();
        if (rates.Get<ExchangeRateOptions>() is { UsesHttp: true })
        {
            builder.Services.AddHttpClient<IExchangeRateProvider, HttpExchangeRateProvider>();
        }
        else
        {
            builder.Services.AddSingleton<IExchangeRateProvider, OfflineExchangeRateProvider>();
        }
        builder.AddScheduledJob<ExchangeRatesJob>();
    }
}
