using System.Security.Cryptography;

namespace LoyalityBot.Workers.Tests;

/// <summary>Files through the gateway: multipart sendDocument out, getFile and the download in.</summary>
public sealed class TelegramGatewayDocumentTests(SandboxTelegram telegram) : IClassFixture<SandboxTelegram>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_document_is_uploaded_whole_with_its_name_and_caption()
    {
        var bot = await telegram.NewBotAsync();
        var user = (await telegram.UsersAsync(bot, 1))[0];
        var gateway = await telegram.GatewayAsync(bot);
        var content = RandomNumberGenerator.GetBytes(3 * 1024 * 1024);

        var outcome = await gateway.SendDocumentAsync(bot.Name, user.Id, () => new MemoryStream(content), "report.csv", "Your report", Ct);

        Assert.Equal(SendOutcome.Sent, outcome);
        var sent = await telegram.Sandbox.WaitForBotMessageAsync(bot.Name, user.Id, cancellationToken: Ct);
        Assert.Equal(("report.csv", "text/csv", content.Length), (sent.Document!.FileName, sent.Document.MimeType, (int)sent.Document.Size));
        Assert.Equal("Your report", sent.Text);
        using var http = new HttpClient { BaseAddress = telegram.BaseAddress };
        Assert.Equal(content, await http.GetByteArrayAsync(new Uri(sent.Document.Url, UriKind.Relative), Ct));
    }

    [Fact]
    public async Task Each_retry_uploads_the_document_again_from_a_fresh_stream()
    {
        var bot = await telegram.NewBotAsync();
        var gateway = await telegram.GatewayAsync(bot,
            new() { ["TelegramGateway:MaxAttempts"] = "3", ["TelegramGateway:InitialBackoff"] = "00:00:00.050" },
            apiBaseUrl: $"http://127.0.0.1:{TelegramGatewayTests.ClosedPort()}/");
        var opened = 0;

        var outcome = await gateway.SendDocumentAsync(bot.Name, 42, () =>
        {
            opened++;
            return new MemoryStream([1, 2, 3]);
        }, "a.bin", null, Ct);

        Assert.Equal(SendOutcome.Failed, outcome);
        Assert.Equal(3, opened);
    }

    [Fact]
    public async Task A_document_to_a_user_who_blocked_the_bot_is_not_sent()
    {
        var bot = await telegram.NewBotAsync();
        var user = (await telegram.UsersAsync(bot, 1))[0];
        var gateway = await telegram.GatewayAsync(bot);
        await telegram.Sandbox.BlockAsync(bot.Name, user.Id, Ct);

        var outcome = await gateway.SendDocumentAsync(bot.Name, user.Id, () => new MemoryStream([1]), "a.txt", null, Ct);

        Assert.Equal(SendOutcome.Unreachable, outcome);
        Assert.DoesNotContain((await telegram.Sandbox.GetTranscriptAsync(bot.Name, user.Id, Ct)).Messages, m => m.Document is not null);
    }

    [Fact]
    public async Task A_file_a_user_sent_is_found_with_getFile_and_downloaded()
    {
        var bot = await telegram.NewBotAsync();
        var user = (await telegram.UsersAsync(bot, 1))[0];
        var gateway = await telegram.GatewayAsync(bot);
        var content = RandomNumberGenerator.GetBytes(100_000);
        var sent = await telegram.Sandbox.SendDocumentAsync(bot.Name, user.Id, content, "photo.bin", cancellationToken: Ct);

        var file = await gateway.GetFileAsync(bot.Name, sent.Document!.FileId, Ct);
        using var downloaded = new MemoryStream();
        await gateway.DownloadFileAsync(bot.Name, file.FilePath!, downloaded, Ct);

        Assert.Equal(content.Length, file.FileSize);
        Assert.Equal(content, downloaded.ToArray());
    }
}
