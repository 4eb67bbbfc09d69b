using System.Text;

namespace LoyalityBot.TelegramSandbox.Tests;

/// <summary>Photos and documents both ways: multipart uploads, file_id reuse, getFile and downloads.</summary>
public sealed class MediaTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendPhoto_uploads_in_several_sizes_and_the_file_id_can_be_reused_and_downloaded()
    {
        var user = await fixture.NewUserAsync();
        await fixture.Sandbox.StartAsync("client", user.Id, cancellationToken: Ct);
        var bot = fixture.Bot();
        var png = TestImages.Png(1000, 500);

        var sent = await bot.SendPhoto(user.Id, InputFile.FromStream(new MemoryStream(png), "qr.png"), "Your <b>QR</b>", ParseMode.Html, cancellationToken: Ct);
        var largest = sent.Photo!.Last();
        var again = await bot.SendPhoto(user.Id, InputFile.FromFileId(largest.FileId), cancellationToken: Ct);
        var file = await bot.GetFile(largest.FileId, Ct);
        using var download = new MemoryStream();
        await bot.DownloadFile(file, download, Ct);
        var wrongKind = await Assert.ThrowsAsync<ApiRequestException>(() => bot.SendDocument(user.Id, InputFile.FromFileId(largest.FileId), cancellationToken: Ct));
        var unknown = await Assert.ThrowsAsync<ApiRequestException>(() => bot.SendPhoto(user.Id, InputFile.FromFileId("nope"), cancellationToken: Ct));
        var notImage = await Assert.ThrowsAsync<ApiRequestException>(() =>
            bot.SendPhoto(user.Id, InputFile.FromStream(new MemoryStream("text"u8.ToArray()), "a.png"), cancellationToken: Ct));

        Assert.Equal([(90, 45), (320, 160), (800, 400), (1000, 500)], sent.Photo!.Select(p => (p.Width, p.Height)));
        Assert.Equal(("Your QR", MessageEntityType.Bold), (sent.Caption, sent.CaptionEntities!.Single().Type));
        Assert.Equal(sent.Photo!.Select(p => p.FileId), again.Photo!.Select(p => p.FileId));
        Assert.Equal(png.Length, file.FileSize);
        Assert.Equal(png, download.ToArray());
        Assert.Equal("Bad Request: type of file mismatch", wrongKind.Message);
        Assert.Equal("Bad Request: wrong file identifier/HTTP URL specified", unknown.Message);
        Assert.Equal("Bad Request: IMAGE_PROCESS_FAILED", notImage.Message);
        var photos = (await fixture.Sandbox.GetTranscriptAsync("client", user.Id, Ct)).Messages.Where(m => m.Photo is not null).ToList();
        Assert.Equal(2, photos.Count);
        Assert.Equal(png, await fixture.Http.GetByteArrayAsync(photos[0].Photo![^1].Url, Ct));
    }

    [Fact]
    public async Task SendDocument_keeps_name_and_type_and_user_uploads_reach_the_bot()
    {
        var user = await fixture.NewUserAsync();
        await fixture.Sandbox.StartAsync("partner", user.Id, cancellationToken: Ct);
        var bot = fixture.Bot(SandboxFixture.PartnerToken);
        var report = Encoding.UTF8.GetBytes("id;points\n1;10\n");

        var sent = await bot.SendDocument(user.Id, InputFile.FromStream(new MemoryStream(report), "report.csv"), "March", cancellationToken: Ct);
        var resent = await bot.SendDocument(user.Id, InputFile.FromFileId(sent.Document!.FileId), cancellationToken: Ct);
        await fixture.Sandbox.SendPhotoAsync("partner", user.Id, TestImages.Png(64, 64), "receipt.png", "my receipt", Ct);
        await fixture.Sandbox.SendDocumentAsync("partner", user.Id, "%PDF-1.4"u8.ToArray(), "invoice.pdf", cancellationToken: Ct);
        var messages = (await bot.GetUpdates(cancellationToken: Ct)).Select(u => u.Message).Where(m => m?.Chat.Id == user.Id).ToList();
        var photo = messages.Single(m => m!.Photo is not null)!;
        var document = messages.Single(m => m!.Document is not null)!.Document!;
        using var downloaded = new MemoryStream();
        await bot.GetInfoAndDownloadFile(document.FileId, downloaded, Ct);

        Assert.Equal(("report.csv", "text/csv", report.Length), (sent.Document!.FileName, sent.Document.MimeType, (int)sent.Document.FileSize!));
        Assert.Equal("March", sent.Caption);
        Assert.Equal((sent.Document.FileId, "report.csv"), (resent.Document!.FileId, resent.Document.FileName));
        Assert.Equal(("my receipt", 64), (photo.Caption, photo.Photo!.Last().Width));
        Assert.Equal(("invoice.pdf", "application/pdf"), (document.FileName, document.MimeType));
        Assert.Equal("%PDF-1.4"u8.ToArray(), downloaded.ToArray());
    }
}
