using LoyalityBot.Hosting.ApplicationModel;

namespace LoyalityBot.Hosting;

public static class ParameterResourceBuilderExtensions
{
    /// <summary>A value read from configuration <c>Parameters:{name}</c> (user-secrets, env <c>Parameters__{name}</c>).</summary>
    public static IResourceBuilder<ParameterResource> AddParameter(this IDistributedApplicationBuilder builder, string name, bool secret = false) =>
        builder.AddResource(new ParameterResource(name, secret, generate: null));

    /// <summary>
    /// A secret generated on first run and kept in the state directory unless <c>Parameters:{name}</c> is configured
    /// (Aspire's <c>AddParameter(name, new GenerateParameterDefault { … }, secret: true)</c>).
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddParameter(this IDistributedApplicationBuilder builder, string name, GenerateParameterDefault value, bool secret = false) =>
        builder.AddResource(new ParameterResource(name, secret, value));

    /// <summary>The generated password of a server, <c>{resource}-password</c>, kept in the state directory.</summary>
    internal static ParameterResource AddGeneratedPassword(this IDistributedApplicationBuilder builder, string resourceName, bool special) =>
        builder.AddResource(new ParameterResource($"{resourceName}-password", secret: true, new GenerateParameterDefault(22, special))).Resource;
}
