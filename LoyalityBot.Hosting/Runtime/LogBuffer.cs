using System.Threading.Channels;

namespace LoyalityBot.Hosting.Runtime;

public sealed record LogLine(DateTime Timestamp, string Source, string Text, bool IsError);

/// <summary>
/// The console output of one resource: the last lines in memory for the dashboard, every line
/// appended to the resource's log file, and live subscribers (the dashboard's log stream).
/// </summary>
public sealed class LogBuffer : IDisposable
{
    private const int Capacity = 5000;
    private readonly Queue<LogLine> _lines = new();
    private readonly List<Channel<LogLine>> _subscribers = [];
    private readonly StreamWriter _file;
    private readonly Lock _gate = new();
    private bool _disposed;

    public LogBuffer(string logFile)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        _file = new StreamWriter(new FileStream(logFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
    }

    public void Write(string source, string text, bool isError = false)
    {
        var line = new LogLine(DateTime.UtcNow, source, text, isError);
        lock (_gate)
        {
            if (_lines.Count == Capacity)
            {
                _lines.Dequeue();
            }
            _lines.Enqueue(line);
            if (!_disposed) // a process may still print as it is being stopped
            {
                _file.WriteLine($"{line.Timestamp:O} [{source}] {text}");
            }
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(line);
            }
        }
    }

    public IReadOnlyList<LogLine> Snapshot()
    {
        lock (_gate)
        {
            return [.. _lines];
        }
    }

    /// <summary>The lines so far, then every new line until <paramref name="cancellationToken"/> fires.</summary>
    public async IAsyncEnumerable<LogLine> FollowAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<LogLine>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });
        IReadOnlyList<LogLine> backlog;
        lock (_gate)
        {
            backlog = [.. _lines];
            _subscribers.Add(channel);
        }
        try
        {
            foreach (var line in backlog)
            {
                yield return line;
            }
            await foreach (var line in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return line;
            }
        }
        finally
        {
            lock (_gate)
            {
                _subscribers.Remove(channel);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _file.Dispose();
        }
    }
}
