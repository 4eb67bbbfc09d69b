global using LoyalityBot.Hosting;

[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
