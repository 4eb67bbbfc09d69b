namespace LoyalityBot.Hosting;
public sealed class DistributedApplication
{
    public static object CreateBuilder(string[] args) => args;
}
