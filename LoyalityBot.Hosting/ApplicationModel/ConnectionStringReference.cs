namespace LoyalityBot.Hosting.ApplicationModel;

/// <summary>Another resource's connection string inside an expression: <c>{postgres.connectionString}</c> in the manifest.</summary>
public sealed class ConnectionStringReference(IResourceWithConnectionString resource) : IValueProvider
{
    public IResourceWithConnectionString Resource { get; } = resource;

    public string ValueExpression => $"{{{Resource.Name}.connectionString}}";

    public string? GetValue() => Resource.ConnectionStringExpression.GetValue();
}
