using System.Text.Encodings.Web;
using System.Text.Json;
using Npgsql;

namespace LoyalityBot.Workers.Exports;

/// <summary>
/// A client's own data as JSON (the GDPR export): profile, account, every ledger entry, NPS ratings and messages.
/// Written with a <see cref="Utf8JsonWriter"/> straight to the output, flushed as it fills, the lists read in
/// keyset pages, so a client with a million entries costs one page of memory.
/// </summary>
public sealed class ClientDataExport(KeysetReader keyset, [FromKeyedServices(LoyaltyDataExtensions.ReadOnlyConnectionName)] NpgsqlDataSource replica, TimeProvider time)
{
    private const int FlushAt = 64 * 1024;

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the export and returns the number of list items in it; throws when the client does not exist.</summary>
    public async Task<long> WriteAsync(Stream output, long clientId, Action<long>? progress, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(output, WriterOptions);
        json.WriteStartObject();
        json.WriteString("exportedAt", time.GetUtcNow().UtcDateTime);
        await WriteProfileAsync(json, clientId, cancellationToken);
        long items = 0;
        void Counted()
        {
            items++;
            progress?.Invoke(items);
        }
        await WriteListAsync(json, "ledger", """
            SELECT id, created_at, kind, amount, balance_after, partner_id, promotion_id, purchase_amount, purchase_currency::text, related_entry_id
            FROM ledger_entries WHERE client_id = $3 AND id > $1 ORDER BY id LIMIT $2
            """, clientId, Counted, cancellationToken);
        await WriteListAsync(json, "npsRatings", """
            SELECT id, created_at, partner_id, rating, master_name, feedback
            FROM nps_ratings WHERE client_id = $3 AND id > $1 ORDER BY id LIMIT $2
            """, clientId, Counted, cancellationToken);
        await WriteListAsync(json, "messages", """
            SELECT id, created_at, partner_id, sender, kind, text
            FROM client_messages WHERE client_id = $3 AND id > $1 ORDER BY id LIMIT $2
            """, clientId, Counted, cancellationToken);
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
        return items;
    }

    private async Task WriteProfileAsync(Utf8JsonWriter json, long clientId, CancellationToken cancellationToken)
    {
        await using var command = replica.CreateCommand("""
            SELECT c.id, c.name, c.phone, c.language, c.city_id, c.registration_source, c.registered_via_partner_id,
                   c.referred_by_client_id, c.ambassador_code, c.referral_code, c.status, c.registered_at, c.last_visit_at,
                   a.balance, a.lifetime_earned
            FROM clients c LEFT JOIN point_accounts a ON a.client_id = c.id WHERE c.id = $1
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = clientId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException($"Client {clientId} does not exist; there is nothing to export.");
        }
        json.WriteStartObject("client");
        WriteColumns(json, reader, 0, 13);
        json.WriteEndObject();
        json.WriteStartObject("account");
        WriteColumns(json, reader, 13, 2);
        json.WriteEndObject();
    }

    private async Task WriteListAsync(Utf8JsonWriter json, string name, string sql, long clientId, Action counted, CancellationToken cancellationToken)
    {
        json.WriteStartArray(name);
        await foreach (var _ in keyset.ReadAsync(sql, reader => WriteObject(json, reader), [clientId], cancellationToken))
        {
            counted();
            if (json.BytesPending > FlushAt)
            {
                await json.FlushAsync(cancellationToken);
            }
        }
        json.WriteEndArray();
    }

    private static bool WriteObject(Utf8JsonWriter json, NpgsqlDataReader reader)
    {
        json.WriteStartObject();
        WriteColumns(json, reader, 0, reader.FieldCount);
        json.WriteEndObject();
        return true;
    }

    /// <summary>Columns as camelCase properties (created_at → createdAt), NULLs as null.</summary>
    private static void WriteColumns(Utf8JsonWriter json, NpgsqlDataReader reader, int first, int count)
    {
        for (var i = first; i < first + count; i++)
        {
            json.WritePropertyName(CamelCase(reader.GetName(i)));
            JsonSerializer.Serialize(json, reader.IsDBNull(i) ? null : reader.GetValue(i));
        }
    }

    internal static string CamelCase(string snakeCase)
    {
        var parts = snakeCase.Split('_', StringSplitOptions.RemoveEmptyEntries);
        return string.Concat(parts.Select((part, i) => i == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));
    }
}
