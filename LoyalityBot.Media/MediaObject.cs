namespace LoyalityBot.Media;

/// <summary>A stored image opened for reading. The caller disposes it (which closes <see cref="Content"/>).</summary>
public sealed class MediaObject(Stream content, long length, DateTimeOffset lastModified) : IAsyncDisposable, IDisposable
{
    public Stream Content { get; } = content;

    public long Length { get; } = length;

    public string ContentType => MediaVariants.ContentType;

    public DateTimeOffset LastModified { get; } = lastModified;

    public ValueTask DisposeAsync() => Content.DisposeAsync();

    public void Dispose() => Content.Dispose();
}
