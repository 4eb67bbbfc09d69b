using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Opens the service's one RabbitMQ connection, retrying while the broker is unreachable, as Aspire's client does:
/// the broker may still be booting when the service starts (Kubernetes starts
/// pods in any order) or be restarting. Retries start after 250 ms and double up to 1 s: a refused connection costs
/// next to nothing, and a longer pause would keep a service waiting for seconds after its broker is up.
/// <see cref="MaxConnectRetryCount"/> (Aspire's setting, <c>Aspire:RabbitMQ:Client</c>) bounds the wait; the default
/// 60 is about a minute, as long as Aspire's default. Refused credentials are not retried: waiting cannot fix them.
/// </summary>
public sealed class RabbitMQConnectionSource : IDisposable
{
    public const string ConfigurationSectionName = "Aspire:RabbitMQ:Client";
    public const int DefaultMaxConnectRetryCount = 60;
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(1);

    private readonly IConnectionFactory _factory;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private Task<IConnection>? _connection;
    private int _attempts;

    public RabbitMQConnectionSource(IConnectionFactory factory, int maxConnectRetryCount, ILogger<RabbitMQConnectionSource> logger)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxConnectRetryCount);
        _factory = factory;
        MaxConnectRetryCount = maxConnectRetryCount;
        _logger = logger;
    }

    public int MaxConnectRetryCount { get; }

    /// <summary>Connection attempts made so far (the health check reports them while connecting).</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>
    /// The connection; the first call starts connecting. Faults once the retries are spent; the next call then starts
    /// over, so a service whose broker came back late recovers on its next health check instead of staying unready.
    /// </summary>
    public Task<IConnection> Connection
    {
        get
        {
            lock (_gate)
            {
                if (_connection is null or { IsFaulted: true })
                {
                    _connection = ConnectAsync(_stopping.Token);
                }
                return _connection;
            }
        }
    }

    private async Task<IConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var delay = FirstRetryDelay;
        for (var retry = 0; ; retry++)
        {
            Interlocked.Increment(ref _attempts);
            try
            {
                return await _factory.CreateConnectionAsync(cancellationToken);
            }
            catch (BrokerUnreachableException ex) when (retry < MaxConnectRetryCount && ex.InnerException is not AuthenticationFailureException)
            {
                // The endpoint only: the exception's inner message never carries the credentials, and neither does this.
                _logger.LogInformation("RabbitMQ is not reachable yet ({Reason}); retry {Retry} of {MaxRetries} in {Delay} ms",
                    ex.InnerException?.Message ?? ex.Message, retry + 1, MaxConnectRetryCount, delay.TotalMilliseconds);
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }

    /// <summary>Stops a connect loop still retrying at shutdown; the connection itself belongs to the container.</summary>
    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }
}
