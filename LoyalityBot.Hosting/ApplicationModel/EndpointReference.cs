using System.Globalization;

namespace LoyalityBot.Hosting.ApplicationModel;

public enum EndpointProperty
{
    Url,
    Host,
    Port,
    TargetPort,
    Scheme,
}

/// <summary>A reference to one endpoint of a resource; its value is the URL (Aspire's EndpointReference).</summary>
public sealed class EndpointReference(IResourceWithEndpoints resource, string endpointName) : IValueProvider
{
    public IResourceWithEndpoints Resource { get; } = resource;

    public string EndpointName { get; } = endpointName;

    public EndpointAnnotation Annotation =>
        Resource.Annotations.OfType<EndpointAnnotation>().SingleOrDefault(e => e.Name == EndpointName)
        ?? throw new InvalidOperationException($"Resource '{Resource.Name}' has no endpoint named '{EndpointName}'.");

    public string ValueExpression => Property(EndpointProperty.Url).ValueExpression;

    public string? GetValue() => Property(EndpointProperty.Url).GetValue();

    public EndpointReferenceExpression Property(EndpointProperty property) => new(this, property);
}

public sealed class EndpointReferenceExpression(EndpointReference endpoint, EndpointProperty property) : IValueProvider
{
    public EndpointReference Endpoint { get; } = endpoint;

    public EndpointProperty Property { get; } = property;

    public string ValueExpression => "{" + $"{Endpoint.Resource.Name}.bindings.{Endpoint.EndpointName}.{PropertyName}" + "}";

    private string PropertyName => Property switch
    {
        EndpointProperty.TargetPort => "targetPort",
        _ => Property.ToString().ToLowerInvariant(),
    };

    public string? GetValue()
    {
        var allocated = Endpoint.Annotation.AllocatedEndpoint;
        return allocated is null ? null : Property switch
        {
            EndpointProperty.Url => allocated.Url,
            EndpointProperty.Host => allocated.Host,
            EndpointProperty.Port or EndpointProperty.TargetPort => allocated.Port.ToString(CultureInfo.InvariantCulture),
            EndpointProperty.Scheme => allocated.UriScheme,
            _ => throw new ArgumentOutOfRangeException(nameof(Property), Property, null),
        };
    }
}
