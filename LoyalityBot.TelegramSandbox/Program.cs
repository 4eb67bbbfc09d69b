using LoyalityBot.TelegramSandbox.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddTelegramSandbox();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapTelegramSandbox();

app.Run();
