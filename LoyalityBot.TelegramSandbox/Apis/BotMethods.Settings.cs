using System.Text.Json;
using System.Text.RegularExpressions;
using LoyalityBot.TelegramSandbox.Model;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace LoyalityBot.TelegramSandbox.Apis;

// setMyCommands, getMyCommands, deleteMyCommands, setChatMenuButton, getChatMenuButton.
public sealed partial class BotMethods
{
    private BotResult SetMyCommands(BotState bot, BotRequest request)
    {
        var commands = request.Object<BotCommand[]>("commands", "can't parse commands JSON object")
            ?? throw BotApiException.BadRequest("parameter \"commands\" is required");
        if (commands.Length > 100)
        {
            throw BotApiException.BadRequest("too many commands specified");
        }
        foreach (var command in commands)
        {
            if (command.Command is null || !CommandName().IsMatch(command.Command))
            {
                throw BotApiException.BadRequest("BOT_COMMAND_INVALID");
            }
            if (string.IsNullOrWhiteSpace(command.Description) || command.Description.Length > 256)
            {
                throw BotApiException.BadRequest("BOT_COMMAND_DESCRIPTION_INVALID");
            }
        }
        bot.Commands[CommandsKey(request)] = commands;
        return BotResult.Of(true);
    }

    private static BotResult GetMyCommands(BotState bot, BotRequest request) =>
        BotResult.Of(bot.Commands.GetValueOrDefault(CommandsKey(request)) ?? []);

    private static BotResult DeleteMyCommands(BotState bot, BotRequest request)
    {
        bot.Commands.TryRemove(CommandsKey(request), out _);
        return BotResult.Of(true);
    }

    private BotResult SetChatMenuButton(BotState bot, BotRequest request)
    {
        var button = request.Object<MenuButton>("menu_button", "can't parse menu button JSON object") ?? new MenuButtonDefault();
        var chatId = request.String("chat_id") is { Length: > 0 } id ? _messaging.ResolveChat(bot, id).Id : 0;
        bot.MenuButtons[chatId] = button;
        return BotResult.Of(true);
    }

    private BotResult GetChatMenuButton(BotState bot, BotRequest request)
    {
        var chatId = request.String("chat_id") is { Length: > 0 } id ? _messaging.ResolveChat(bot, id).Id : 0;
        return BotResult.Of(bot.MenuButtons.GetValueOrDefault(chatId) ?? bot.MenuButtons.GetValueOrDefault(0) ?? new MenuButtonDefault());
    }

    // Commands are kept per scope and language, as Telegram does; the scope's JSON (with its defaults) is the key.
    private static string CommandsKey(BotRequest request)
    {
        var scope = request.Object<BotCommandScope>("scope", "can't parse bot command scope JSON object") ?? new BotCommandScopeDefault();
        return $"{JsonSerializer.Serialize(scope, JsonBotAPI.Options)}|{request.String("language_code")}";
    }

    [GeneratedRegex("^[a-z0-9_]{1,32}$")]
    private static partial Regex CommandName();
}
