namespace LoyalityBot.Hosting.ApplicationModel;

/// <summary>A RabbitMQ broker with a user and a generated password.</summary>
public sealed class RabbitMQServerResource(string name, ParameterResource password)
    : Resource(name), IResourceWithConnectionString, IResourceWithEndpoints, IResourceWithWaitSupport
{
    public const string PrimaryEndpointName = "tcp";
    public const int DefaultPort = 5672;

    /// <summary>The user the connection string names (Aspire's default).</summary>
    public string UserName { get; } = "guest";

    public ParameterResource PasswordParameter { get; } = password;

    public EndpointReference PrimaryEndpoint => new(this, PrimaryEndpointName);

    /// <summary>Aspire's format: <c>amqp://user:pass@host:port</c> (the password is URI-encoded).</summary>
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"amqp://{UserName}:{new UriEncodedValue(PasswordParameter)}@{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)}");
}

/// <summary>A parameter's value, URI-encoded (Aspire 13's <c>&lt;name&gt;-uri-encoded</c> annotated string).</summary>
public sealed class UriEncodedValue(ParameterResource parameter) : IValueProvider
{
    public ParameterResource Parameter { get; } = parameter;

    public string ValueExpression => $"{{{Parameter.Name}-uri-encoded.value}}";

    public string? GetValue() => Parameter.Value is { } value ? Uri.EscapeDataString(value) : null;
}
