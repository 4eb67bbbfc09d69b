using System.Net;

namespace LoyalityBot.TelegramSandbox.Client;

/// <summary>The control API refused a request; <see cref="Exception.Message"/> holds its problem details.</summary>
public sealed class SandboxException(HttpStatusCode statusCode, string detail)
    : Exception($"The sandbox answered {(int)statusCode} {statusCode}: {detail}")
{
    public HttpStatusCode StatusCode { get; } = statusCode;
}
