using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LoyalityBot.Messaging.Scheduling;

/// <summary>
/// Runs every registered <see cref="IScheduledJob"/> once per occurrence across replicas. For a due occurrence a
/// replica takes the job's session-level advisory lock (<c>pg_try_advisory_lock</c>), skips it if the run record
/// says finished, else claims the record, runs the job and marks it finished. The lock dies with the holder's
/// session, so a crashed run is picked up by the next replica that polls.
/// </summary>
public sealed partial class ScheduledJobRunner(
    NpgsqlDataSource dataSource, IEnumerable<IScheduledJob> jobs, IOptions<ScheduledJobOptions> options, TimeProvider clock,
    ILogger<ScheduledJobRunner> logger) : BackgroundService
{
    /// <summary>Who claimed a run, for operators (the column holds 100 characters).</summary>
    private readonly string runner = string.Concat($"{Environment.ProcessId}:{Environment.MachineName}".Take(100));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, clock);
        do
        {
            foreach (var job in jobs)
            {
                try
                {
                    await RunIfDueAsync(job, stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogFailed(logger, ex, job.Name);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>The latest occurrence at or before <paramref name="now"/>.</summary>
    public static DateTime DueAt(IScheduledJob job, DateTime now)
    {
        var sinceEpoch = now - DateTime.UnixEpoch - job.Offset;
        return DateTime.UnixEpoch + job.Offset + TimeSpan.FromTicks(sinceEpoch.Ticks - (sinceEpoch.Ticks % job.Period.Ticks));
    }

    /// <summary>Runs the job's current occurrence unless it is finished or running elsewhere; true if it ran here.</summary>
    public async Task<bool> RunIfDueAsync(IScheduledJob job, CancellationToken cancellationToken)
    {
        var dueAt = DueAt(job, clock.GetUtcNow().UtcDateTime);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (!await ScalarAsync<bool>(connection, "SELECT pg_try_advisory_lock(hashtext('scheduled_job:' || $1))", cancellationToken, job.Name))
        {
            return false;
        }
        try
        {
            var claimed = await ScalarAsync<bool>(connection, """
                INSERT INTO scheduled_job_runs (job, due_at, started_at, runner) VALUES ($1, $2, now(), $3)
                ON CONFLICT (job, due_at) DO UPDATE SET started_at = now(), runner = $3 WHERE scheduled_job_runs.finished_at IS NULL
                RETURNING true
                """, cancellationToken, job.Name, dueAt, runner);
            if (!claimed)
            {
                return false;
            }
            await job.RunAsync(dueAt, cancellationToken);
            await ScalarAsync<bool>(connection, "UPDATE scheduled_job_runs SET finished_at = now() WHERE job = $1 AND due_at = $2 RETURNING true",
                cancellationToken, job.Name, dueAt);
            LogRan(logger, job.Name, dueAt);
            return true;
        }
        finally
        {
            await ScalarAsync<bool>(connection, "SELECT pg_advisory_unlock(hashtext('scheduled_job:' || $1))", CancellationToken.None, job.Name);
        }
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken ct, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }
        return await command.ExecuteScalarAsync(ct) is T value ? value : default!;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled job {Job} ran for {DueAt:o}")]
    private static partial void LogRan(ILogger logger, string job, DateTime dueAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled job {Job} failed; the next poll retries it")]
    private static partial void LogFailed(ILogger logger, Exception ex, string job);
}
