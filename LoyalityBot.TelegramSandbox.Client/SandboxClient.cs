using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace LoyalityBot.TelegramSandbox.Client;

/// <summary>
/// A typed client of the sandbox's control API, so that end-to-end tests read like a conversation:
/// <c>await sandbox.StartAsync("client", ann.Id, "ref42"); var reply = await sandbox.WaitForBotMessageAsync("client", ann.Id);</c>
/// </summary>
public sealed class SandboxClient(HttpClient http)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A client for the sandbox at <paramref name="baseAddress"/> with its own HttpClient.</summary>
    public SandboxClient(Uri baseAddress) : this(new HttpClient { BaseAddress = baseAddress })
    {
    }

    public Uri? BaseAddress => http.BaseAddress;

    public Task<IReadOnlyList<SandboxBot>> GetBotsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<SandboxBot>>("control/bots", cancellationToken);

    public Task<SandboxBot> GetBotAsync(string bot, CancellationToken cancellationToken = default) =>
        GetAsync<SandboxBot>($"control/bots/{Escape(bot)}", cancellationToken);

    public Task<SandboxBot> CreateBotAsync(string name, string? token = null, string? username = null, CancellationToken cancellationToken = default) =>
        PostAsync<SandboxBot>("control/bots", new CreateBotRequest(name, token, username), cancellationToken);

    public Task<SandboxUser> CreateUserAsync(CreateUserRequest user, CancellationToken cancellationToken = default) =>
        PostAsync<SandboxUser>("control/users", user, cancellationToken);

    public Task<SandboxUser> CreateUserAsync(string firstName, string? phoneNumber = null, string? username = null, CancellationToken cancellationToken = default) =>
        CreateUserAsync(new CreateUserRequest(firstName, PhoneNumber: phoneNumber, Username: username), cancellationToken);

    public Task<TranscriptEntry> SendTextAsync(string bot, long userId, string text, CancellationToken cancellationToken = default) =>
        PostAsync<TranscriptEntry>(ChatPath(bot, userId, "messages"), new SendTextRequest(text), cancellationToken);

    /// <summary>Sends <c>/start</c>, or <c>/start payload</c> as a <c>t.me/bot?start=payload</c> link does.</summary>
    public Task<TranscriptEntry> StartAsync(string bot, long userId, string? payload = null, CancellationToken cancellationToken = default) =>
        PostAsync<TranscriptEntry>(ChatPath(bot, userId, "start"), new StartRequest(payload), cancellationToken);

    public Task<TranscriptEntry> ShareContactAsync(string bot, long userId, CancellationToken cancellationToken = default) =>
        PostAsync<TranscriptEntry>(ChatPath(bot, userId, "contact"), null, cancellationToken);

    public Task<TranscriptEntry> SendPhotoAsync(string bot, long userId, byte[] image, string fileName = "photo.png", string? caption = null, CancellationToken cancellationToken = default) =>
        UploadAsync(ChatPath(bot, userId, "photo"), image, fileName, "image/png", caption, cancellationToken);

    public Task<TranscriptEntry> SendDocumentAsync(string bot, long userId, byte[] content, string fileName, string? mimeType = null, string? caption = null, CancellationToken cancellationToken = default) =>
        UploadAsync(ChatPath(bot, userId, "document"), content, fileName, mimeType ?? "application/octet-stream", caption, cancellationToken);

    public Task<InlineButtonPressed> PressInlineButtonAsync(string bot, long userId, string text, CancellationToken cancellationToken = default) =>
        PressInlineButtonAsync(bot, userId, new PressInlineButtonRequest(Text: text), cancellationToken);

    public Task<InlineButtonPressed> PressInlineButtonAsync(string bot, long userId, PressInlineButtonRequest button, CancellationToken cancellationToken = default) =>
        PostAsync<InlineButtonPressed>(ChatPath(bot, userId, "inline-button"), button, cancellationToken);

    public Task<TranscriptEntry> PressReplyButtonAsync(string bot, long userId, string text, CancellationToken cancellationToken = default) =>
        PostAsync<TranscriptEntry>(ChatPath(bot, userId, "reply-button"), new PressReplyButtonRequest(text), cancellationToken);

    public Task BlockAsync(string bot, long userId, CancellationToken cancellationToken = default) =>
        ExecuteAsync(HttpMethod.Post, ChatPath(bot, userId, "block"), cancellationToken);

    public Task UnblockAsync(string bot, long userId, CancellationToken cancellationToken = default) =>
        ExecuteAsync(HttpMethod.Post, ChatPath(bot, userId, "unblock"), cancellationToken);

    public Task<SandboxChat> GetTranscriptAsync(string bot, long userId, CancellationToken cancellationToken = default) =>
        GetAsync<SandboxChat>(ChatPath(bot, userId, "transcript"), cancellationToken);

    public Task<SandboxChat> GetChatAsync(string bot, long chatId, CancellationToken cancellationToken = default) =>
        GetAsync<SandboxChat>($"control/bots/{Escape(bot)}/chats/{chatId.ToString(CultureInfo.InvariantCulture)}", cancellationToken);

    public Task<SandboxChat> CreateGroupAsync(string bot, string title, CancellationToken cancellationToken = default) =>
        PostAsync<SandboxChat>($"control/bots/{Escape(bot)}/groups", new CreateGroupRequest(title), cancellationToken);

    public Task<BotCounters> GetCountersAsync(string bot, CancellationToken cancellationToken = default) =>
        GetAsync<BotCounters>($"control/bots/{Escape(bot)}/counters", cancellationToken);

    /// <summary>Many users act toward the bot in one request (at most 1000 actions): for load generators.</summary>
    public Task<UserActionsResult> ActAsync(string bot, IReadOnlyList<UserAction> actions, CancellationToken cancellationToken = default) =>
        PostAsync<UserActionsResult>($"control/bots/{Escape(bot)}/actions", actions, cancellationToken);

    public Task<ReplyLatencyStats> GetReplyLatencyAsync(string bot, CancellationToken cancellationToken = default) =>
        GetAsync<ReplyLatencyStats>($"control/bots/{Escape(bot)}/reply-latency", cancellationToken);

    public Task ResetReplyLatencyAsync(string bot, CancellationToken cancellationToken = default) =>
        ExecuteAsync(HttpMethod.Delete, $"control/bots/{Escape(bot)}/reply-latency", cancellationToken);

    public Task<SandboxLimits> GetLimitsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<SandboxLimits>("control/limits", cancellationToken);

    public Task<SandboxLimits> SetLimitsAsync(SandboxLimits limits, CancellationToken cancellationToken = default) =>
        ReadAsync<SandboxLimits>(SendAsync(HttpMethod.Put, "control/limits", limits, cancellationToken), cancellationToken);

    public Task ResetAsync(CancellationToken cancellationToken = default) =>
        ExecuteAsync(HttpMethod.Post, "control/reset", cancellationToken);

    /// <summary>
    /// Waits until the bot has sent a message after the transcript's first <paramref name="after"/> bot messages
    /// (0 = any) that matches <paramref name="match"/>, and returns it.
    /// </summary>
    public async Task<TranscriptEntry> WaitForBotMessageAsync(
        string bot, long userId, Func<TranscriptEntry, bool>? match = null, int after = 0, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var chat = await GetTranscriptAsync(bot, userId, deadline.Token);
            var found = chat.Messages
                .Where(entry => entry is { Kind: TranscriptEntry.MessageKind, From: TranscriptEntry.FromBot })
                .Skip(after)
                .FirstOrDefault(entry => match?.Invoke(entry) ?? true);
            if (found is not null)
            {
                return found;
            }
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Bot '{bot}' sent no matching message to user {userId} in time.");
            }
        }
    }

    private static string ChatPath(string bot, long userId, string action) =>
        $"control/bots/{Escape(bot)}/users/{userId.ToString(CultureInfo.InvariantCulture)}/{action}";

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    private async Task<TranscriptEntry> UploadAsync(string path, byte[] content, string fileName, string mimeType, string? caption, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(mimeType);
        form.Add(file, "file", fileName);
        if (caption is not null)
        {
            form.Add(new StringContent(caption), "caption");
        }
        return await ReadAsync<TranscriptEntry>(EnsureSuccessAsync(await http.PostAsync(path, form, cancellationToken), cancellationToken), cancellationToken);
    }

    private async Task ExecuteAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, path, null, cancellationToken);
    }

    private Task<T> GetAsync<T>(string path, CancellationToken cancellationToken) =>
        ReadAsync<T>(SendAsync(HttpMethod.Get, path, null, cancellationToken), cancellationToken);

    private Task<T> PostAsync<T>(string path, object? body, CancellationToken cancellationToken) =>
        ReadAsync<T>(SendAsync(HttpMethod.Post, path, body, cancellationToken), cancellationToken);

    private static async Task<T> ReadAsync<T>(Task<HttpResponseMessage> sending, CancellationToken cancellationToken)
    {
        using var response = await sending;
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
            ?? throw new SandboxException(response.StatusCode, "The sandbox answered with an empty body.");
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, body.GetType(), options: Json) };
        return await EnsureSuccessAsync(await http.SendAsync(request, cancellationToken), cancellationToken);
    }

    private static async Task<HttpResponseMessage> EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        var detail = await response.Content.ReadAsStringAsync(cancellationToken);
        response.Dispose();
        throw new SandboxException(response.StatusCode, detail);
    }
}
