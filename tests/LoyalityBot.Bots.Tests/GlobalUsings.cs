global using LoyalityBot.TelegramSandbox.Client;
global using Xunit;
