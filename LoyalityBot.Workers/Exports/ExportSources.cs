using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LoyalityBot.Workers.Exports;

/// <summary>The tables behind the CSV and XLSX exports, read from the replicas (<c>loyalty-readonly</c>).</summary>
public sealed class ExportSources(
    KeysetReader keyset, [FromKeyedServices(LoyaltyDataExtensions.ReadOnlyConnectionName)] NpgsqlDataSource replica,
    IOptions<ExportOptions> options, TimeProvider time)
{
    /// <summary>
    /// A partner's day-by-day figures over the last <see cref="ExportOptions.PartnerAnalyticsDays"/> days (UTC):
    /// purchases, revenue and average check (accruals), points accrued and redeemed, clients, and new clients (whose
    /// first operation with this partner ever fell on that day). Aggregated by Postgres, so a few rows a day at most.
    /// </summary>
    public TabularExport PartnerAnalytics(long partnerId)
    {
        var since = time.GetUtcNow().UtcDateTime.Date.AddDays(1 - options.Value.PartnerAnalyticsDays);
        return new TabularExport("Analytics",
            ["Date", "Purchases", "Revenue", "Currency", "Average check", "Points accrued", "Points redeemed", "Clients", "New clients"],
            AnalyticsRowsAsync(partnerId, since));
    }

    /// <summary>Every client with their account, by id.</summary>
    public TabularExport AdminClients() => new("Clients",
        ["Id", "Name", "Phone", "Language", "City", "Source", "Via partner", "Referred by", "Status", "Registered at", "Last visit at", "Balance", "Lifetime earned"],
        keyset.ReadAsync("""
            SELECT c.id, c.name, c.phone, c.language, c.city_id, c.registration_source, c.registered_via_partner_id,
                   c.referred_by_client_id, c.status, c.registered_at, c.last_visit_at, a.balance, a.lifetime_earned
            FROM clients c LEFT JOIN point_accounts a ON a.client_id = c.id
            WHERE c.id > $1 ORDER BY c.id LIMIT $2
            """, Row, []));

    /// <summary>The whole ledger, oldest first.</summary>
    public TabularExport AdminTransactions() => new("Transactions",
        ["Id", "Created at", "Client", "Partner", "Kind", "Points", "Balance after", "Purchase amount", "Currency", "Promotion", "Related entry"],
        keyset.ReadAsync("""
            SELECT id, created_at, client_id, partner_id, kind, amount, balance_after, purchase_amount, purchase_currency::text,
                   promotion_id, related_entry_id
            FROM ledger_entries WHERE id > $1 ORDER BY id LIMIT $2
            """, Row, []));

    /// <summary>Every column as its CLR value (null for NULL).</summary>
    internal static object?[] Row(NpgsqlDataReader reader)
    {
        var row = new object?[reader.FieldCount];
        for (var i = 0; i < row.Length; i++)
        {
            row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
        }
        return row;
    }

    private async IAsyncEnumerable<object?[]> AnalyticsRowsAsync(long partnerId, DateTime since, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var command = replica.CreateCommand("""
            WITH entries AS (
                SELECT client_id, kind, amount, purchase_amount, purchase_currency::text AS currency, created_at,
                       min(created_at) OVER (PARTITION BY client_id) AS first_at
                FROM ledger_entries WHERE partner_id = $1
            )
            SELECT (created_at AT TIME ZONE 'UTC')::date,
                   count(*) FILTER (WHERE kind = 'Accrual'),
                   coalesce(sum(purchase_amount) FILTER (WHERE kind = 'Accrual'), 0),
                   string_agg(DISTINCT currency, ',') FILTER (WHERE kind = 'Accrual'),
                   coalesce(sum(amount) FILTER (WHERE kind = 'Accrual'), 0),
                   coalesce(-sum(amount) FILTER (WHERE kind IN ('Redemption', 'PromotionPayment')), 0),
                   count(DISTINCT client_id),
                   count(DISTINCT client_id) FILTER (WHERE created_at = first_at)
            FROM entries WHERE created_at >= $2
            GROUP BY 1 ORDER BY 1
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = partnerId });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = since });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var purchases = reader.GetInt64(1);
            var revenue = reader.GetDecimal(2);
            yield return
            [
                reader.GetFieldValue<DateOnly>(0), purchases, revenue, reader.IsDBNull(3) ? null : reader.GetString(3),
                purchases > 0 ? Math.Round(revenue / purchases, 2) + 0.00m : null, // + 0.00m: always two decimals
                reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7),
            ];
        }
    }
}
