global using LoyalityBot.Hosting;
global using LoyalityBot.Hosting.ApplicationModel;

[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
