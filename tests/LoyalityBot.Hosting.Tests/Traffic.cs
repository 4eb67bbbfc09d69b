using System.Collections.Concurrent;
using System.Diagnostics;

namespace LoyalityBot.Hosting.Tests;

/// <summary>
/// Steady load on a load-balanced endpoint: a few concurrent loops of GETs (concurrency is what spreads least-requests
/// over the replicas), each request recorded with when it was sent, its status (0: no response) and its body.
/// </summary>
internal sealed class Traffic : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<Request> _requests = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _loops;

    public sealed record Request(TimeSpan SentAt, int Status, string Body)
    {
        public bool Succeeded => Status is >= 200 and < 300;
    }

    private Traffic(string baseUrl, string path, int concurrency)
    {
        _http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(10) };
        _loops = Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(() => LoopAsync(path))));
    }

    public static Traffic Start(string baseUrl, string path, int concurrency = 4) => new(baseUrl, path, concurrency);

    /// <summary>Time since the traffic started, on the clock <see cref="Request.SentAt"/> uses.</summary>
    public TimeSpan Now => _clock.Elapsed;

    public IReadOnlyList<Request> Requests => [.. _requests];

    private async Task LoopAsync(string path)
    {
        while (!_stop.IsCancellationRequested)
        {
            var sentAt = _clock.Elapsed;
            try
            {
                using var response = await _http.GetAsync(path, _stop.Token);
                _requests.Enqueue(new Request(sentAt, (int)response.StatusCode, await response.Content.ReadAsStringAsync(_stop.Token)));
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                _requests.Enqueue(new Request(sentAt, 0, ex.Message));
            }
            await Task.Delay(10, CancellationToken.None); // a steady stream, not a benchmark
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loops;
        _stop.Dispose();
        _http.Dispose();
    }
}
