using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using LoyalityBot.Domain.Ledger;
using LoyalityBot.Domain.Seeding;
using Npgsql;

namespace LoyalityBot.Benchmarks.Benchmarks;

/// <summary>
/// Durable ledger accruals per second: 64 concurrent writers on distinct clients, then 64 on one hot client,
/// each accrual a full ledger transaction (conditional UPDATE + entry + last visit, committed with fsync).
/// In the same run, on the same server, pgbench's TPC-B-like script (-c 16 -j 2 -T 20) for the ratio.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed partial class LedgerBenchmark : IBenchmark
{
    private const int Writers = 64;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(20);
    private const string PgBench = "/usr/lib/postgresql/15/bin/pgbench";

    public string Name => "ledger";

    public async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        await using var bench = await LoyaltyBenchDatabase.CreateAsync("benchledger", maxPoolSize: Writers + 8, cancellationToken);
        await bench.SeedAsync(new SeedSize(Clients: 10_000, Partners: 10, Transactions: 0), cancellationToken);
        // Writers on clients without uplines, so each accrual is exactly one account: the ledger's own cost.
        var clients = await ClientsWithoutUplinesAsync(bench.Primary, Writers, cancellationToken);
        const long partner = SeedSize.FirstPartnerId;

        BenchmarkReport.Progress($"{Writers} writers on distinct clients for {Duration.TotalSeconds:0} s");
        var distinct = await RunWritersAsync(bench.Ledger, i => clients[i], partner, "d", cancellationToken);
        BenchmarkReport.Progress($"distinct clients: {distinct.Applied} accruals, {distinct.Errors} errors, {distinct.PerSecond:0} /s");

        BenchmarkReport.Progress($"{Writers} writers on ONE hot client for {Duration.TotalSeconds:0} s");
        var hot = await RunWritersAsync(bench.Ledger, _ => clients[0], partner, "h", cancellationToken);
        BenchmarkReport.Progress($"hot client: {hot.Applied} accruals, {hot.Errors} errors, {hot.PerSecond:0} /s");

        var pgbenchTps = await RunPgBenchAsync(bench.Server.ConnectionString, cancellationToken);

        BenchmarkReport.Figure("ledger_accruals_per_s", distinct.PerSecond, "1/s");
        BenchmarkReport.Figure("pgbench_tps", pgbenchTps, "1/s");
        BenchmarkReport.Figure("ledger_vs_pgbench", distinct.PerSecond / pgbenchTps, "x");
        BenchmarkReport.Figure("hot_client_accruals_per_s", hot.PerSecond, "1/s");
        BenchmarkReport.Figure("hot_client_errors", hot.Errors + distinct.Errors);
    }

    private readonly record struct RunResult(long Applied, long Errors, double PerSecond);

    private static async Task<RunResult> RunWritersAsync(
        LedgerService ledger, Func<int, long> clientOf, long partner, string tag, CancellationToken cancellationToken)
    {
        long applied = 0, errors = 0;
        var run = $"{tag}{Environment.TickCount64}";
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (var n = 0; stopwatch.Elapsed < Duration && !cancellationToken.IsCancellationRequested; n++)
            {
                try
                {
                    var result = await ledger.AccrueAsync(
                        new AccrualRequest(clientOf(writer), partner, 100m + n % 50, "USD", $"{run}-{writer}-{n}"), cancellationToken: cancellationToken);
                    if (result.Status == LedgerStatus.Applied)
                    {
                        Interlocked.Increment(ref applied);
                    }
                    else
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
                catch (NpgsqlException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }, cancellationToken)));
        return new RunResult(applied, errors, applied / stopwatch.Elapsed.TotalSeconds);
    }

    private static async Task<long[]> ClientsWithoutUplinesAsync(NpgsqlDataSource primary, int count, CancellationToken cancellationToken)
    {
        await using var command = primary.CreateCommand(
            $"SELECT id FROM clients c WHERE NOT EXISTS (SELECT 1 FROM referral_links l WHERE l.referee_id = c.id) ORDER BY id LIMIT {count}");
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetInt64(0));
        }
        return [.. ids];
    }

    /// <summary><c>pgbench -i</c> on a scratch database, then the default TPC-B-like script, as the issue names it.</summary>
    private static async Task<double> RunPgBenchAsync(string serverConnectionString, CancellationToken cancellationToken)
    {
        var server = new NpgsqlConnectionStringBuilder(serverConnectionString);
        var scratch = $"pgbench_{Guid.NewGuid():N}"[..24];
        await using (var admin = NpgsqlDataSource.Create(serverConnectionString))
        await using (var create = admin.CreateCommand($"CREATE DATABASE {scratch}"))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        string[] connection = ["-h", server.Host!, "-p", server.Port.ToString(CultureInfo.InvariantCulture), "-U", server.Username!];
        BenchmarkReport.Progress($"pgbench -i {scratch}");
        await RunAsync(PgBench, [.. connection, "-i", "-q", scratch], server.Password, cancellationToken);
        BenchmarkReport.Progress("pgbench -c 16 -j 2 -T 20");
        var output = await RunAsync(PgBench, [.. connection, "-c", "16", "-j", "2", "-T", "20", scratch], server.Password, cancellationToken);
        var tps = TpsLine().Match(output);
        return tps.Success
            ? double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"pgbench printed no tps line:\n{output}");
    }

    private static async Task<string> RunAsync(string program, string[] arguments, string? password, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["PGPASSWORD"] = password ?? "";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"{program} exited {process.ExitCode}: {await errors}");
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex TpsLine();
}
