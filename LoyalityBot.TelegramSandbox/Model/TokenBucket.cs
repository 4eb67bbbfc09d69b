namespace LoyalityBot.TelegramSandbox.Model;

/// <summary>A token bucket: <c>burst</c> sends at once, then one per <c>1/rate</c> seconds. Thread-safe.</summary>
public sealed class TokenBucket
{
    private readonly Lock _gate = new();
    private double _tokens = double.NaN;
    private long _updatedAt;

    /// <summary>Takes a token, or says in how many whole seconds (at least 1) one will be there.</summary>
    public bool TryTake(double ratePerSecond, int burst, out int retryAfterSeconds)
    {
        var now = Environment.TickCount64;
        lock (_gate)
        {
            _tokens = double.IsNaN(_tokens)
                ? burst
                : Math.Min(burst, _tokens + (now - _updatedAt) / 1000.0 * ratePerSecond);
            _updatedAt = now;
            if (_tokens >= 1)
            {
                _tokens -= 1;
                retryAfterSeconds = 0;
                return true;
            }
            retryAfterSeconds = Math.Max(1, (int)Math.Ceiling((1 - _tokens) / ratePerSecond));
            return false;
        }
    }
}
