using System.Globalization;
using LoyalityBot.Hosting.ApplicationModel;

namespace LoyalityBot.AppHost.Extensions;

/// <summary>
/// The three bots' tokens and where their Bot API lives. With tokens configured (user-secrets or env
/// <c>Parameters__client-bot-token</c>, <c>…partner…</c>, <c>…admin…</c>) that is Telegram itself; without
/// them the AppHost starts the Telegram sandbox as resource <c>telegram</c>, declares the bots there with
/// generated tokens, and points every service at it.
/// </summary>
internal sealed class TelegramBots
{
    /// <summary>The bots, with the made-up ids their sandbox tokens start with (Telegram's "id:secret" format).</summary>
    private static readonly (string Name, long SandboxId)[] Bots = [("client", 7_000_000_001), ("partner", 7_000_000_002), ("admin", 7_000_000_003)];

    private readonly Dictionary<string, IValueProvider> _tokens;

    private TelegramBots(IResourceBuilder<ProjectResource>? sandbox, Dictionary<string, IValueProvider> tokens)
    {
        Sandbox = sandbox;
        _tokens = tokens;
    }

    /// <summary>The sandbox, when no real tokens are configured.</summary>
    public IResourceBuilder<ProjectResource>? Sandbox { get; }

    public static TelegramBots Add(IDistributedApplicationBuilder builder)
    {
        var configured = Bots.Count(b => !string.IsNullOrEmpty(builder.Configuration[$"Parameters:{b.Name}-bot-token"]));
        // Publishing asks for the real tokens as parameters: the sandbox is for running locally only.
        if (configured == Bots.Length || builder.ExecutionContext.IsPublishMode)
        {
            return new TelegramBots(null, Bots.ToDictionary(b => b.Name,
                b => (IValueProvider)builder.AddParameter($"{b.Name}-bot-token", secret: true).Resource));
        }
        if (configured > 0)
        {
            throw new InvalidOperationException(
                "Configure all three bot tokens (Parameters:client-bot-token, partner-bot-token, admin-bot-token) or none for the sandbox.");
        }

        var tokens = Bots.ToDictionary(b => b.Name, b => (IValueProvider)ReferenceExpression.Create(
            $"{b.SandboxId.ToString(CultureInfo.InvariantCulture)}:{builder.AddResource(new ParameterResource($"{b.Name}-bot-secret", secret: true, new GenerateParameterDefault(35, Special: false))).Resource}"));
        var sandbox = builder.AddProject("telegram", "../LoyalityBot.TelegramSandbox/LoyalityBot.TelegramSandbox.csproj")
            .WithExternalHttpEndpoints()
            .WithHttpHealthCheck("/health");
        for (var i = 0; i < Bots.Length; i++)
        {
            var (name, _) = Bots[i];
            sandbox.WithEnvironment($"TelegramSandbox__Bots__{i}__Name", name)
                .WithEnvironment($"TelegramSandbox__Bots__{i}__Token", tokens[name])
                .WithEnvironment($"TelegramSandbox__Bots__{i}__Username", Username(name));
        }
        return new TelegramBots(sandbox, tokens);
    }

    /// <summary>
    /// The admin bot's users: <c>Admin:TelegramIds</c> on the AppHost (comma-separated Telegram ids, e.g. env
    /// <c>Admin__TelegramIds=123,456</c>) becomes <c>Admin__TelegramIds__N</c> on the bots. None: the admin bot refuses everyone.
    /// </summary>
    public static void AddAdmins(IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> bots)
    {
        var ids = (builder.Configuration["Admin:TelegramIds"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < ids.Length; i++)
        {
            if (!long.TryParse(ids[i], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                throw new InvalidOperationException($"Admin:TelegramIds must be comma-separated Telegram user ids; '{ids[i]}' is not one.");
            }
            bots.WithEnvironment($"Admin__TelegramIds__{i}", ids[i]);
        }
    }

    private static string Username(string bot) => $"loyalitybot_{bot}_bot";

    /// <summary>
    /// Gives a service the bots' tokens (<c>Telegram__Bots__{bot}__Token</c>) and, in sandbox mode, the
    /// sandbox's Bot API address (<c>Telegram__ApiBaseUrl</c>) and the bots' usernames.
    /// </summary>
    public IResourceBuilder<ProjectResource> AddTo(IResourceBuilder<ProjectResource> service)
    {
        foreach (var (name, token) in _tokens)
        {
            service.WithEnvironment($"Telegram__Bots__{name}__Token", token);
            if (Sandbox is not null)
            {
                service.WithEnvironment($"Telegram__Bots__{name}__Username", Username(name));
            }
        }
        if (Sandbox is not null)
        {
            service.WithEnvironment("Telegram__ApiBaseUrl", Sandbox.Resource.GetEndpoint("http"))
                .WaitFor(Sandbox);
        }
        return service;
    }
}
