using LoyalityBot.Api.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseApiPipeline();
app.MapDefaultEndpoints();
app.MapLoyaltyApi();

app.Run();
