using System.Collections.Concurrent;
using System.Text.Json;
using LoyalityBot.TelegramSandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LoyalityBot.Workers.Tests;

/// <summary>
/// A fault-injecting HTTP proxy in front of the real sandbox: a <c>sendMessage</c> to a chat given a number of
/// failures is answered 502 (as a Telegram front end under trouble answers) that many times, then forwarded; every
/// other call is forwarded untouched. It records when each faulty chat was tried, to check the backoff.
/// </summary>
public sealed class FlakyTelegram : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly HttpClient sandbox;
    private readonly Dictionary<long, int> failuresLeft = [];

    private FlakyTelegram(WebApplication app, HttpClient sandbox)
    {
        this.app = app;
        this.sandbox = sandbox;
    }

    public Uri BaseAddress => app.BaseAddress();

    /// <summary>When each faulty chat's sendMessage arrived, failed or forwarded.</summary>
    public ConcurrentDictionary<long, ConcurrentQueue<DateTime>> Attempts { get; } = new();

    public static async Task<FlakyTelegram> StartAsync(Uri sandboxAddress)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var proxy = new FlakyTelegram(app, new HttpClient { BaseAddress = sandboxAddress });
        app.Map("/{**path}", proxy.HandleAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return proxy;
    }

    /// <summary>The next <paramref name="times"/> messages to <paramref name="chatId"/> fail (int.MaxValue: all of them).</summary>
    public void Fail(long chatId, int times)
    {
        lock (failuresLeft)
        {
            failuresLeft[chatId] = times;
        }
        Attempts[chatId] = new ConcurrentQueue<DateTime>();
    }

    private bool TakeFailure(long chatId)
    {
        lock (failuresLeft)
        {
            if (!failuresLeft.TryGetValue(chatId, out var left) || left == 0)
            {
                return false;
            }
            failuresLeft[chatId] = left == int.MaxValue ? left : left - 1;
            return true;
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        if (context.Request.Path.Value!.EndsWith("/sendMessage", StringComparison.Ordinal) && ChatOf(body.ToArray()) is { } chat
            && Attempts.TryGetValue(chat, out var attempts))
        {
            attempts.Enqueue(DateTime.UtcNow);
            if (TakeFailure(chat))
            {
                context.Response.StatusCode = StatusCodes.Status502BadGateway;
                await context.Response.WriteAsJsonAsync(new { ok = false, error_code = 502, description = "Bad Gateway" }, context.RequestAborted);
                return;
            }
        }
        using var forward = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path + context.Request.QueryString)
        {
            Content = new ByteArrayContent(body.ToArray()),
        };
        if (context.Request.ContentType is { } type)
        {
            forward.Content.Headers.TryAddWithoutValidation("Content-Type", type);
        }
        using var answer = await sandbox.SendAsync(forward, context.RequestAborted);
        context.Response.StatusCode = (int)answer.StatusCode;
        context.Response.ContentType = answer.Content.Headers.ContentType?.ToString();
        await answer.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    private static long? ChatOf(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.TryGetProperty("chat_id", out var chat) && chat.ValueKind == JsonValueKind.Number ? chat.GetInt64() : null;
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        sandbox.Dispose();
    }
}
