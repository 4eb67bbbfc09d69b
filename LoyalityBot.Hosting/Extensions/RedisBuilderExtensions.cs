using LoyalityBot.Hosting.ApplicationModel;

namespace LoyalityBot.Hosting;

public static class RedisBuilderExtensions
{
    /// <summary>A Redis server with a generated password and AOF persistence (Aspire's AddRedis).</summary>
    public static IResourceBuilder<RedisResource> AddRedis(this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ParameterResource>? password = null)
    {
        var redis = new RedisResource(name, password?.Resource ?? builder.AddGeneratedPassword(name, special: false));
        return builder.AddResource(redis)
            .WithAnnotation(new EndpointAnnotation(RedisResource.PrimaryEndpointName, "tcp", "tcp", RedisResource.DefaultPort));
    }
}
