using LoyalityBot.Hosting.ApplicationModel;

namespace LoyalityBot.Hosting;

public static class RabbitMQBuilderExtensions
{
    /// <summary>A RabbitMQ broker with user <c>guest</c> and a generated password (Aspire's AddRabbitMQ).</summary>
    public static IResourceBuilder<RabbitMQServerResource> AddRabbitMQ(this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ParameterResource>? password = null)
    {
        var rabbit = new RabbitMQServerResource(name, password?.Resource ?? builder.AddGeneratedPassword(name, special: false));
        return builder.AddResource(rabbit)
            .WithAnnotation(new EndpointAnnotation(RabbitMQServerResource.PrimaryEndpointName, "tcp", "tcp", RabbitMQServerResource.DefaultPort));
    }
}
