using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using LoyalityBot.TelegramSandbox.Model;
using Microsoft.Extensions.Options;

namespace LoyalityBot.TelegramSandbox.Services;

/// <summary>The result of one webhook POST: success, or Telegram's last_error_message and the receiver's Retry-After.</summary>
public readonly record struct WebhookAttempt(bool Delivered, string? Error, TimeSpan? RetryAfter);

/// <summary>
/// Posts updates to webhooks. It owns a plain HttpClient on purpose: the factory's default resilience
/// handler would retry and time out on its own, and delivery retries are the dispatcher's job.
/// </summary>
public sealed class WebhookSender(IOptions<SandboxOptions> options) : IDisposable
{
    public const string SecretTokenHeader = "X-Telegram-Bot-Api-Secret-Token";

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public async Task<WebhookAttempt> SendAsync(WebhookSettings settings, byte[] update, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Webhook.Timeout);
        using var content = new ByteArrayContent(update);
        content.Headers.ContentType = Json;
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url) { Content = content };
        if (settings.SecretToken is { } secret)
        {
            request.Headers.TryAddWithoutValidation(SecretTokenHeader, secret);
        }
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return response.IsSuccessStatusCode
                ? new WebhookAttempt(true, null, null)
                : new WebhookAttempt(false, $"Wrong response from the webhook: {(int)response.StatusCode} {response.ReasonPhrase}", response.Headers.RetryAfter?.Delta);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookAttempt(false, "Read timeout expired", null);
        }
        catch (HttpRequestException exception)
        {
            var message = exception.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused }
                ? "Connection refused"
                : exception.Message;
            return new WebhookAttempt(false, message, null);
        }
    }

    public void Dispose() => _http.Dispose();
}
