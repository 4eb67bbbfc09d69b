using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace LoyalityBot.Bots.Telegram;

/// <summary>One Telegram.Bot client per bot, sharing one HttpClient, for the replies the bots send in the same chat.</summary>
public sealed class BotClients : IDisposable
{
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly Dictionary<string, ITelegramBotClient> clients;

    public BotClients(IOptions<BotsOptions> options)
    {
        var settings = options.Value;
        var baseUrl = string.IsNullOrEmpty(settings.ApiBaseUrl) ? null : settings.ApiBaseUrl;
        clients = settings.Bots.ToDictionary(
            bot => bot.Key,
            bot => (ITelegramBotClient)new TelegramBotClient(new TelegramBotClientOptions(bot.Value.Token, baseUrl), http),
            StringComparer.OrdinalIgnoreCase);
    }

    public bool TryGet(string bot, out ITelegramBotClient client) => clients.TryGetValue(bot, out client!);

    public ITelegramBotClient this[string bot] => clients[bot];

    public void Dispose() => http.Dispose();
}
