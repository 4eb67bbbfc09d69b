global using LoyalityBot.TelegramSandbox.Client;
global using LoyalityBot.Workers.Telegram;
global using Xunit;
