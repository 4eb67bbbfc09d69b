global using LoyalityBot.Messaging.EventBus;
global using LoyalityBot.Messaging.IntegrationEvents;
global using LoyalityBot.Messaging.Tests.Infrastructure;
global using Xunit;
