namespace LoyalityBot.Workers.Images;

/// <summary>
/// A write-only stream that keeps what is written in memory up to a limit, and throws the caller's exception the
/// moment a write would pass it: a download or a staged upload is cut off there, never read to its end.
/// </summary>
internal sealed class SizeCappedBuffer(long limit, Func<long, Exception> tooLarge) : Stream
{
    private readonly MemoryStream buffer = new();

    /// <summary>What was written so far.</summary>
    public ReadOnlyMemory<byte> Written => buffer.GetBuffer().AsMemory(0, (int)buffer.Length);

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => buffer.Length;

    public override long Position
    {
        get => buffer.Length;
        set => throw new NotSupportedException();
    }

    public override void Write(ReadOnlySpan<byte> source)
    {
        if (buffer.Length + source.Length > limit)
        {
            throw tooLarge(buffer.Length + source.Length);
        }
        buffer.Write(source);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        Write(source.Span);
        return ValueTask.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            buffer.Dispose();
        }
        base.Dispose(disposing);
    }
}
