using LoyalityBot.Domain.Payments;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.Hosting;

public static class PaymentTokenExtensions
{
    /// <summary>
    /// Registers <see cref="PaymentTokenCodec"/> bound to the <c>Payments</c> section; a missing or short signing key
    /// fails at start rather than at the first payment.
    /// </summary>
    public static IHostApplicationBuilder AddPaymentTokens(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PaymentTokenOptions>()
            .Bind(builder.Configuration.GetSection(PaymentTokenOptions.SectionName))
            .Validate(options => options.Validate() is null, "The Payments section is invalid: Payments:SigningKey must be at least 32 characters and Payments:Lifetime between 0 and 1 day.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PaymentTokenCodec>();
        return builder;
    }
}
