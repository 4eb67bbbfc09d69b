using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LoyalityBot.Hosting.Testing;

/// <summary>
/// Signs Mini App initData the way Telegram does (telegram-bot-api.md §6), independently of the API that checks it
/// (the API tests and the API benchmark sign in with it).
/// </summary>
public static class InitData
{
    public static string Sign(string botToken, long userId, DateTimeOffset authDate, string firstName = "Test")
    {
        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["auth_date"] = authDate.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ["query_id"] = "AAH" + userId.ToString(CultureInfo.InvariantCulture),
            ["user"] = $$"""{"id":{{userId}},"first_name":"{{firstName}}","username":"u{{userId}}","language_code":"en","photo_url":"https:\/\/t.me\/i\/userpic\/320\/x.jpg"}""",
            ["signature"] = "c2lnbmF0dXJl",
        };
        var dataCheck = string.Join('\n', fields.Select(f => $"{f.Key}={f.Value}"));
        var secret = HMACSHA256.HashData(Encoding.UTF8.GetBytes("WebAppData"), Encoding.UTF8.GetBytes(botToken));
        var hash = Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(dataCheck)));
        return string.Join('&', fields.Select(f => $"{f.Key}={Uri.EscapeDataString(f.Value)}")) + "&hash=" + hash;
    }
}
