using System.Globalization;
using System.Text;
using LoyalityBot.Bots.Pipeline;
using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Model;
using LoyalityBot.Domain.Queries;
using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Bots.Client;

/// <summary>
/// The client's ledger history, newest first, five entries a page, paged in place with inline Next/Prev. The buttons
/// carry keyset cursors (<c>h:o:&lt;cursor&gt;</c> older, <c>h:n:&lt;cursor&gt;</c> newer); a forged cursor is refused,
/// and any cursor only ever reads the pressing client's own entries.
/// </summary>
internal sealed class HistoryHandler(ClientSession session, LoyaltyDbContext db) : IUpdateHandler
{
    public const int PageSize = 5;

    public async ValueTask<bool> HandleAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        if (session.Client is not { } client)
        {
            return false;
        }
        if (ClientBot.Asks(update, "history", "client.menu.history"))
        {
            var first = await db.ClientHistoryAsync(client.Id, PageRequest.First(PageSize), cancellationToken);
            await ShowAsync(update, first.Items, first.NextCursor is not null, hasNewer: false, cancellationToken);
            return true;
        }
        if (!CallbackData.TryParse(update.CallbackData, "h", out var parts))
        {
            return false;
        }
        if (parts is not ["o" or "n", var cursorText] || !PageCursor.TryDecode(cursorText, out var cursor))
        {
            await update.AnswerCallbackAsync(update.T("stale"), cancellationToken);
            return true;
        }
        if (parts[0] == "o")
        {
            var older = await db.ClientHistoryAsync(client.Id, PageRequest.Parse(cursorText, PageSize), cancellationToken);
            await ShowAsync(update, older.Items, older.NextCursor is not null, hasNewer: true, cancellationToken);
            return true;
        }
        // Newer than the cursor: read upwards one extra row to know whether an even newer page exists.
        var newer = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.ClientId == client.Id && e.Id > cursor.After)
            .OrderBy(e => e.Id).Take(PageSize + 1).ToListAsync(cancellationToken);
        var page = newer.Take(PageSize).Reverse().ToList();
        await ShowAsync(update, page, hasOlder: true, hasNewer: newer.Count > PageSize, cancellationToken);
        return true;
    }

    private static Task ShowAsync(BotUpdate update, IReadOnlyList<LedgerEntry> entries, bool hasOlder, bool hasNewer, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return update.ShowAsync(update.T("client.history.empty"), null, cancellationToken);
        }
        var text = new StringBuilder(update.T("client.history.title"));
        foreach (var entry in entries)
        {
            text.Append('\n').Append(CultureInfo.InvariantCulture,
                $"{entry.CreatedAt:dd.MM.yyyy HH:mm}  {entry.Amount:+#;-#;0}  {update.T($"kind.{entry.Kind}")}  → {entry.BalanceAfter}");
        }
        var buttons = new List<(string, string)>();
        if (hasNewer)
        {
            buttons.Add((update.T("btn.prev"), $"h:n:{new PageCursor(entries[0].Id).Encode()}"));
        }
        if (hasOlder)
        {
            buttons.Add((update.T("btn.next"), $"h:o:{new PageCursor(entries[^1].Id).Encode()}"));
        }
        return update.ShowAsync(text.ToString(), buttons.Count == 0 ? null : Keyboards.Inline([.. buttons]), cancellationToken);
    }
}
