using LoyalityBot.MigrationService;
using LoyalityBot.MigrationService.Extensions;

if (args is ["seed", .. var seedArgs])
{
    return await SeedCommand.RunAsync(seedArgs);
}

var builder = Host.CreateApplicationBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

await builder.Build().RunAsync();
return Environment.ExitCode;
