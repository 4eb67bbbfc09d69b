namespace LoyalityBot.Api.Infrastructure;

/// <summary>
/// Reads at most <c>limit</c> bytes from a request body and throws <see cref="LoyalityBot.Media.MediaTooLargeException"/>
/// past it, so a chunked upload without Content-Length cannot exceed the limit either.
/// </summary>
public sealed class LimitedReadStream(Stream inner, long limit) : Stream
{
    private long read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => read; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken);
        read += n;
        return read > limit ? throw new LoyalityBot.Media.MediaTooLargeException(limit) : n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read the body asynchronously.");
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
