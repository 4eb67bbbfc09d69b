using System.Globalization;
using System.Text.Json;
using LoyalityBot.TelegramSandbox.Model;
using Microsoft.Extensions.Primitives;
using Telegram.Bot;

namespace LoyalityBot.TelegramSandbox.Apis;

/// <summary>
/// A Bot API call's parameters, wherever they came from: the query string, a JSON body, a form or a multipart
/// body. In forms complex values (reply_markup, allowed_updates...) are JSON strings; in JSON they are nested.
/// </summary>
public sealed class BotRequest : IDisposable
{
    private readonly IQueryCollection _query;
    private readonly JsonDocument? _json;
    private readonly IFormCollection? _form;

    private BotRequest(IQueryCollection query, JsonDocument? json, IFormCollection? form)
    {
        _query = query;
        _json = json;
        _form = form;
    }

    public static async Task<BotRequest> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HasJsonContentType())
        {
            try
            {
                var json = await JsonDocument.ParseAsync(request.Body, default, cancellationToken);
                return new BotRequest(request.Query, json, null);
            }
            catch (JsonException)
            {
                throw BotApiException.BadRequest("can't parse JSON object");
            }
        }
        if (request.HasFormContentType)
        {
            try
            {
                return new BotRequest(request.Query, null, await request.ReadFormAsync(cancellationToken));
            }
            catch (InvalidDataException exception)
            {
                throw BotApiException.BadRequest($"can't parse request body: {exception.Message}");
            }
        }
        return new BotRequest(request.Query, null, null);
    }

    public string? String(string name)
    {
        if (_json is not null && _json.RootElement.ValueKind == JsonValueKind.Object && _json.RootElement.TryGetProperty(name, out var element))
        {
            return element.ValueKind switch
            {
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                JsonValueKind.String => element.GetString(),
                _ => element.GetRawText(),
            };
        }
        if (_form is not null && _form.TryGetValue(name, out var formValue))
        {
            return Single(formValue);
        }
        return _query.TryGetValue(name, out var queryValue) ? Single(queryValue) : null;
    }

    public string RequiredString(string name, string missing) =>
        String(name) is { Length: > 0 } value ? value : throw BotApiException.BadRequest(missing);

    public long? Int64(string name) => String(name) is { } text
        ? long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw BotApiException.BadRequest($"invalid {name} specified")
        : null;

    public int? Int32(string name) => Int64(name) is { } value
        ? value is >= int.MinValue and <= int.MaxValue ? (int)value : throw BotApiException.BadRequest($"invalid {name} specified")
        : null;

    public bool Boolean(string name) => String(name) switch
    {
        null or "" => false,
        var text when text.Equals("true", StringComparison.OrdinalIgnoreCase) || text == "1" => true,
        var text when text.Equals("false", StringComparison.OrdinalIgnoreCase) || text == "0" => false,
        _ => throw BotApiException.BadRequest($"invalid {name} specified"),
    };

    /// <summary>A complex parameter, parsed with Telegram.Bot's own JSON settings so its types and enums bind.</summary>
    public T? Object<T>(string name, string invalid) where T : class
    {
        try
        {
            if (_json is not null && _json.RootElement.ValueKind == JsonValueKind.Object && _json.RootElement.TryGetProperty(name, out var element)
                && element.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
            {
                return element.Deserialize<T>(JsonBotAPI.Options);
            }
            return String(name) is { Length: > 0 } text ? JsonSerializer.Deserialize<T>(text, JsonBotAPI.Options) : null;
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            throw BotApiException.BadRequest(invalid);
        }
    }

    /// <summary>An uploaded file: the field itself, or the part an <c>attach://name</c> value points to.</summary>
    public IFormFile? File(string name)
    {
        if (_form is null)
        {
            return null;
        }
        var value = String(name);
        var partName = value is not null && value.StartsWith("attach://", StringComparison.Ordinal) ? value["attach://".Length..] : name;
        return _form.Files.GetFile(partName);
    }

    public void Dispose() => _json?.Dispose();

    private static string? Single(StringValues values) => values.Count == 0 ? null : values[^1];
}
