using LoyalityBot.Domain.Content;
using LoyalityBot.Domain.Messages;
using LoyalityBot.Domain.Moderation;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

public static class LoyaltyWriteServicesExtensions
{
    /// <summary>
    /// The writes that the bots and the Mini App API both offer (a partner's content, messages to clients, an admin's
    /// decisions), one scoped service each over the request's <c>LoyaltyDbContext</c>, so both front ends apply the same rules.
    /// </summary>
    public static IHostApplicationBuilder AddLoyaltyWriteServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<PartnerContentService>();
        builder.Services.AddScoped<ClientMessageService>();
        builder.Services.AddScoped<PartnerApplicationDecisions>();
        builder.Services.AddScoped<ContentModeration>();
        return builder;
    }
}
