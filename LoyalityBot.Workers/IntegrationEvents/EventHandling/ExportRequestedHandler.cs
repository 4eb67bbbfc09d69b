using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using LoyalityBot.Messaging.EventBus;
using LoyalityBot.Messaging.IntegrationEvents;
using LoyalityBot.Messaging.Outbox;
using LoyalityBot.Workers.Exports;
using LoyalityBot.Workers.Telegram;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LoyalityBot.Workers.IntegrationEvents.EventHandling;

/// <summary>
/// Writes the requested export to a temp file as a stream (never the whole data set in memory), sends it as a
/// document through the bot the request names, and deletes the file. Check, send, record: a redelivery after the
/// record sends nothing; a crash between sending and recording sends the file once more. A failed send throws, so
/// the bus retries it later.
/// </summary>
internal sealed class ExportRequestedHandler(
    ExportSources sources, ClientDataExport clientData, TelegramGateway telegram, NpgsqlDataSource dataSource,
    IOptions<ExportOptions> options, TimeProvider time, ILogger<ExportRequestedHandler> logger) : IIntegrationEventHandler<ExportRequestedIntegrationEvent>
{
    internal const string Consumer = "exports";

    private delegate Task<long> Writer(Stream output, Action<long> progress, CancellationToken cancellationToken);

    public async Task Handle(ExportRequestedIntegrationEvent request, CancellationToken cancellationToken)
    {
        if (await ProcessedEvents.ContainsAsync(dataSource, request.Id, Consumer, cancellationToken))
        {
            return;
        }
        var (fileName, title, write) = Plan(request);
        var directory = options.Value.TempDirectory is { Length: > 0 } configured ? configured : Path.GetTempPath();
        Directory.CreateDirectory(directory);
        // Named by the event, so a redelivery that finds a crashed attempt's file overwrites it.
        var path = Path.Combine(directory, $"export-{request.Id:N}{Path.GetExtension(fileName)}");
        var started = Stopwatch.GetTimestamp();
        var progress = new ExportProgress(request.Kind, request.Id, options.Value.ProgressEveryRows, logger);
        var zipPath = path + ".zip";
        try
        {
            long rows;
            await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 65536, useAsync: true))
            {
                rows = await write(file, progress.Report, cancellationToken);
            }
            var (sendPath, sendName) = (path, fileName);
            if (new FileInfo(path).Length > options.Value.MaxDocumentBytes)
            {
                await ZipAsync(path, fileName, zipPath, cancellationToken);
                (sendPath, sendName) = (zipPath, fileName + ".zip");
            }
            var size = new FileInfo(sendPath).Length;
            var caption = string.Create(CultureInfo.InvariantCulture, $"{title}: {rows} rows.");
            var outcome = size > options.Value.MaxDocumentBytes
                ? await telegram.SendTextAsync(request.Bot, request.RecipientTelegramId, string.Create(CultureInfo.InvariantCulture,
                    $"{title}: {rows} rows, {size / 1_000_000.0:0.#} MB even zipped, more than Telegram lets a bot send ({options.Value.MaxDocumentBytes / 1_000_000.0:0.#} MB)."), cancellationToken)
                : await telegram.SendDocumentAsync(request.Bot, request.RecipientTelegramId,
                    () => new FileStream(sendPath, FileMode.Open, FileAccess.Read, FileShare.Read, 65536, useAsync: true), sendName, caption, cancellationToken);
            if (outcome == SendOutcome.Failed)
            {
                throw new InvalidOperationException($"Export {request.Id} ({request.Kind}) could not be sent to {request.RecipientTelegramId}.");
            }
            // Sent, or the recipient blocked the bot: either way this request is done.
            await ProcessedEvents.RecordAsync(dataSource, request.Id, Consumer, cancellationToken);
            progress.Complete(rows, size, outcome, Stopwatch.GetElapsedTime(started));
        }
        finally
        {
            File.Delete(path);
            File.Delete(zipPath);
        }
    }

    /// <summary>Deflates the export into a one-entry zip (CSV, JSON and even XLSX's XML shrink several times).</summary>
    private static async Task ZipAsync(string path, string entryName, string zipPath, CancellationToken cancellationToken)
    {
        await using var output = new FileStream(zipPath, FileMode.Create, FileAccess.Write, FileShare.None, 65536, useAsync: true);
        await using var zip = new ZipArchive(output, ZipArchiveMode.Create);
        await using var entry = await zip.CreateEntry(entryName, CompressionLevel.Optimal).OpenAsync(cancellationToken);
        await using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 65536, useAsync: true);
        await input.CopyToAsync(entry, cancellationToken);
    }

    /// <summary>The file name, caption title and writer for the kind; a request without the scope its kind needs is refused.</summary>
    private (string FileName, string Title, Writer Write) Plan(ExportRequestedIntegrationEvent request)
    {
        var day = time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        return request.Kind switch
        {
            ExportKind.PartnerAnalyticsCsv => ($"analytics-{Partner(request)}-{day}.csv", Analytics,
                (output, progress, ct) => CsvTableWriter.WriteAsync(output, sources.PartnerAnalytics(Partner(request)), progress, ct)),
            ExportKind.PartnerAnalyticsXlsx => ($"analytics-{Partner(request)}-{day}.xlsx", Analytics,
                (output, progress, ct) => XlsxTableWriter.WriteAsync(output, sources.PartnerAnalytics(Partner(request)), progress, ct)),
            ExportKind.AdminClientsCsv => ($"clients-{day}.csv", "Clients",
                (output, progress, ct) => CsvTableWriter.WriteAsync(output, sources.AdminClients(), progress, ct)),
            ExportKind.AdminTransactionsCsv => ($"transactions-{day}.csv", "Transactions",
                (output, progress, ct) => CsvTableWriter.WriteAsync(output, sources.AdminTransactions(), progress, ct)),
            ExportKind.ClientDataJson => ($"my-data-{day}.json", "Your data",
                (output, progress, ct) => clientData.WriteAsync(output, Client(request), progress, ct)),
            _ => throw new InvalidOperationException($"Export {request.Id} has an unknown kind {request.Kind}."),
        };
    }

    private string Analytics => string.Create(CultureInfo.InvariantCulture, $"Analytics for the last {options.Value.PartnerAnalyticsDays} days");

    private static long Partner(ExportRequestedIntegrationEvent request) =>
        request.PartnerId ?? throw new InvalidOperationException($"Export {request.Id} ({request.Kind}) names no partner.");

    private static long Client(ExportRequestedIntegrationEvent request) =>
        request.ClientId ?? throw new InvalidOperationException($"Export {request.Id} ({request.Kind}) names no client.");
}
