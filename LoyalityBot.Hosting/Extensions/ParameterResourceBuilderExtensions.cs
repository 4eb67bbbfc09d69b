using LoyalityBot.Hosting.ApplicationModel;

namespace LoyalityBot.Hosting;

public static class ParameterResourceBuilderExtensions
{
    /// <summary>A value read from configuration <c>Parameters:{name}</c> (user-secrets, env <c>Parameters__{name}</c>).</summary>
    public static IResourceBuilder<ParameterResource> AddParameter(this IDistributedApplicationBuilder builder, string name, bool secret = false) =>
        builder.AddResource(new ParameterResource(name, secret, generate: null));

    /// <summary>The generated password of a server, <c>{resource}-password</c>, kept in the state directory.</summary>
    internal static ParameterResource AddGeneratedPassword(this IDistributedApplicationBuilder builder, string resourceName, bool special) =>
        builder.AddResource(new ParameterResource($"{resourceName}-password", secret: true, new GenerateParameterDefault(22, special))).Resource;
}
