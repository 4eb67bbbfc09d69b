using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LoyalityBot.TelegramSandbox.Tests;

/// <summary>A bot's webhook endpoint for tests: records what arrives, how concurrently, and answers as told.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<long, int> _inFlightPerChat = new();
    private readonly ConcurrentDictionary<int, int> _attempts = new();
    private int _inFlight;
    private int _maxInFlight;

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<(Update Update, string? Secret)> Delivered { get; } = new();

    /// <summary>The status to answer an update's n-th attempt with (default 200).</summary>
    public Func<Update, int, int> Status { get; set; } = (_, _) => StatusCodes.Status200OK;

    public TimeSpan Delay { get; set; }

    /// <summary>What the bot does with an update before answering the webhook (e.g. reply in the chat).</summary>
    public Func<Update, Task> OnUpdate { get; set; } = _ => Task.CompletedTask;

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public bool SameChatOverlapped { get; private set; }

    public string Url => $"{_app.Urls.First()}/hook";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", receiver.HandleAsync);
        await app.StartAsync();
        return receiver;
    }

    public async Task UntilAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The webhook did not get what was expected in time.");
            await Task.Delay(20);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var update = (await JsonSerializer.DeserializeAsync<Update>(context.Request.Body, JsonBotAPI.Options))!;
        var chat = update.Message?.Chat.Id ?? update.CallbackQuery?.From.Id ?? 0;
        var inFlight = Interlocked.Increment(ref _inFlight);
        InterlockedMax(ref _maxInFlight, inFlight);
        if (_inFlightPerChat.AddOrUpdate(chat, 1, (_, n) => n + 1) > 1)
        {
            SameChatOverlapped = true;
        }
        try
        {
            await Task.Delay(Delay);
            await OnUpdate(update);
            var status = Status(update, _attempts.AddOrUpdate(update.Id, 1, (_, n) => n + 1));
            if (status is >= 200 and < 300)
            {
                Delivered.Enqueue((update, context.Request.Headers["X-Telegram-Bot-Api-Secret-Token"].FirstOrDefault()));
            }
            context.Response.StatusCode = status;
        }
        finally
        {
            _inFlightPerChat.AddOrUpdate(chat, 0, (_, n) => n - 1);
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) is var seen && seen != current)
        {
            current = seen;
        }
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
