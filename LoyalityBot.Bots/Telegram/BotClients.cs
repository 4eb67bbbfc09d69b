using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace LoyalityBot.Bots.Telegram;

/// <summary>
/// One Telegram.Bot client per bot, sharing one HttpClient, for the replies the bots send in the same chat, with
/// each bot's <see cref="BotIdentity"/> (its key prefix in Redis).
/// </summary>
public sealed class BotClients : IDisposable
{
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly Dictionary<string, (ITelegramBotClient Client, BotIdentity Identity)> bots;

    public BotClients(IOptions<BotsOptions> options)
    {
        var settings = options.Value;
        var baseUrl = string.IsNullOrEmpty(settings.ApiBaseUrl) ? null : settings.ApiBaseUrl;
        bots = settings.Bots.ToDictionary(
            bot => bot.Key,
            bot => ((ITelegramBotClient)new TelegramBotClient(new TelegramBotClientOptions(bot.Value.Token, baseUrl), http),
                BotIdentity.From(bot.Key.ToLowerInvariant(), bot.Value.Token)),
            StringComparer.OrdinalIgnoreCase);
    }

    public bool TryGet(string bot, [MaybeNullWhen(false)] out ITelegramBotClient client, [MaybeNullWhen(false)] out BotIdentity identity)
    {
        var found = bots.TryGetValue(bot, out var entry);
        (client, identity) = (entry.Client, entry.Identity);
        return found;
    }

    public ITelegramBotClient this[string bot] => bots[bot].Client;

    public BotIdentity Identity(string bot) => bots[bot].Identity;

    public void Dispose() => http.Dispose();
}
