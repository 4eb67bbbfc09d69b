global using LoyalityBot.TelegramSandbox.Client;
global using Telegram.Bot;
global using Telegram.Bot.Exceptions;
global using Telegram.Bot.Types;
global using Telegram.Bot.Types.Enums;
global using Telegram.Bot.Types.ReplyMarkups;
