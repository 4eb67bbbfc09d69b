global using LoyalityBot.Media;
global using Xunit;
