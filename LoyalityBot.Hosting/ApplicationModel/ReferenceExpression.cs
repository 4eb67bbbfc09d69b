using System.Runtime.CompilerServices;
using System.Text;

namespace LoyalityBot.Hosting.ApplicationModel;

/// <summary>
/// A string composed of literals and <see cref="IValueProvider"/>s, such as a connection string.
/// It renders either as the run-time value or as a manifest expression with placeholders.
/// Created with an interpolated string: <c>ReferenceExpression.Create($"Host={endpoint.Property(EndpointProperty.Host)}")</c>.
/// </summary>
public sealed class ReferenceExpression : IValueProvider
{
    private readonly IReadOnlyList<object> _parts; // string literals and IValueProviders, in order

    private ReferenceExpression(IReadOnlyList<object> parts) => _parts = parts;

    public static ReferenceExpression Create(ref ExpressionInterpolatedStringHandler handler) => new(handler.Parts);

    public IEnumerable<IValueProvider> ValueProviders => _parts.OfType<IValueProvider>();

    public string ValueExpression => Render(p => p.ValueExpression);

    public string? GetValue() => Render(p => p.GetValue() ?? throw new InvalidOperationException(
        $"The value of '{p.ValueExpression}' is not known yet: the resource it belongs to has not been started."));

    private string Render(Func<IValueProvider, string> render)
    {
        var text = new StringBuilder();
        foreach (var part in _parts)
        {
            text.Append(part is IValueProvider provider ? render(provider) : (string)part);
        }
        return text.ToString();
    }

    public override string ToString() => ValueExpression;

    [InterpolatedStringHandler]
    public readonly ref struct ExpressionInterpolatedStringHandler
    {
        internal List<object> Parts { get; }

#pragma warning disable IDE0060 // the compiler passes the sizes; a list does not need them
        public ExpressionInterpolatedStringHandler(int literalLength, int formattedCount) => Parts = [];
#pragma warning restore IDE0060

        public void AppendLiteral(string value) => Parts.Add(value);

        public void AppendFormatted(string value) => Parts.Add(value);

        public void AppendFormatted(IValueProvider value) => Parts.Add(value);

        public void AppendFormatted(IResourceWithConnectionString resource) => Parts.Add(new ConnectionStringReference(resource));
    }
}
