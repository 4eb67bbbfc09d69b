using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LoyalityBot.Bots.Pipeline;
using LoyalityBot.Bots.Telegram;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace LoyalityBot.Bots.Apis;

/// <summary>
/// <c>POST /telegram/{bot}</c>: where Telegram delivers each bot's updates, through the load balancer to any replica.
/// The answer is sent only once the update's effects are durable: 200 when handled (or a redelivery), 401 without the
/// secret token, 400 for a body that is not an update, 503 (retry) when the chat is busy elsewhere or a dependency failed.
/// </summary>
public static class TelegramWebhookApi
{
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    /// <summary>Telegram's updates are small; anything much larger is not one.</summary>
    private const int MaxBodyBytes = 1 << 20;

    public static IEndpointRouteBuilder MapTelegramWebhookApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/telegram/{bot}", HandleUpdateAsync);
        return app;
    }

    public static async Task<Results<Ok, UnauthorizedHttpResult, NotFound, BadRequest<string>, StatusCodeHttpResult>> HandleUpdateAsync(
        string bot, HttpRequest request, UpdatePipeline pipeline, IOptions<BotsOptions> options, CancellationToken cancellationToken)
    {
        if (!IsSecretValid(request.Headers[SecretHeader].ToString(), options.Value.WebhookSecret))
        {
            return TypedResults.Unauthorized();
        }
        if (!options.Value.Bots.ContainsKey(bot))
        {
            return TypedResults.NotFound();
        }
        if (request.ContentLength > MaxBodyBytes)
        {
            return TypedResults.BadRequest("The update is too large.");
        }
        if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }
        Update? update;
        try
        {
            update = await JsonSerializer.DeserializeAsync<Update>(request.Body, JsonBotAPI.Options, cancellationToken);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException or FormatException or InvalidOperationException or BadHttpRequestException)
        {
            return TypedResults.BadRequest("The body is not a Telegram update.");
        }
        if (update is null)
        {
            return TypedResults.BadRequest("The body is not a Telegram update.");
        }
        var outcome = await pipeline.ProcessAsync(bot.ToLowerInvariant(), update, cancellationToken);
        return outcome is UpdateOutcome.Busy or UpdateOutcome.Failed
            ? TypedResults.StatusCode(StatusCodes.Status503ServiceUnavailable)
            : TypedResults.Ok();
    }

    /// <summary>Constant-time, so the secret cannot be guessed from response times.</summary>
    private static bool IsSecretValid(string presented, string expected) =>
        expected.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));
}
