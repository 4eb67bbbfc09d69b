global using LoyalityBot.Hosting;
