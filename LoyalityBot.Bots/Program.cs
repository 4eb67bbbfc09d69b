using LoyalityBot.Bots.Apis;
using LoyalityBot.Bots.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapTelegramWebhookApi();

app.Run();
