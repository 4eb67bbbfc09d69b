using System.Collections.Concurrent;
using LoyalityBot.Messaging.Scheduling;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LoyalityBot.Messaging.Tests;

public sealed class ScheduledJobTests(LoyaltyDatabase db) : IClassFixture<LoyaltyDatabase>
{
    private sealed class CountingJob(TimeSpan period) : IScheduledJob
    {
        public string Name { get; } = $"test-{Guid.NewGuid():N}";
        public TimeSpan Period { get; } = period;
        public ConcurrentBag<DateTime> Runs { get; } = [];
        public TaskCompletionSource? Hold { get; set; }

        public async Task RunAsync(DateTime dueAt, CancellationToken cancellationToken)
        {
            Runs.Add(dueAt);
            if (Hold is { } hold)
            {
                await hold.Task.WaitAsync(cancellationToken);
            }
        }
    }

    private ScheduledJobRunner Runner(CountingJob job, TimeSpan? poll = null) => new(
        db.Primary, [job], Options.Create(new ScheduledJobOptions { PollInterval = poll ?? TimeSpan.FromSeconds(15) }),
        TimeProvider.System, NullLogger<ScheduledJobRunner>.Instance);

    [Fact]
    public async Task Replicas_polling_together_run_each_occurrence_once()
    {
        var job = new CountingJob(TimeSpan.FromSeconds(1));
        var replicas = new[] { Runner(job, TimeSpan.FromMilliseconds(50)), Runner(job, TimeSpan.FromMilliseconds(50)), Runner(job, TimeSpan.FromMilliseconds(50)) };

        foreach (var replica in replicas)
        {
            await replica.StartAsync(TestContext.Current.CancellationToken);
        }
        await Task.Delay(TimeSpan.FromSeconds(3.5), TestContext.Current.CancellationToken);
        foreach (var replica in replicas)
        {
            await replica.StopAsync(CancellationToken.None);
        }

        Assert.InRange(job.Runs.Count, 3, 5);
        Assert.Equal(job.Runs.Count, job.Runs.Distinct().Count());
        Assert.Equal(job.Runs.Count, await db.ScalarAsync("SELECT count(*) FROM scheduled_job_runs WHERE job = $1 AND finished_at IS NOT NULL", job.Name));
    }

    [Fact]
    public async Task A_running_occurrence_is_skipped_by_other_replicas_and_a_finished_one_is_not_run_again()
    {
        var job = new CountingJob(TimeSpan.FromDays(1)) { Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var (first, second) = (Runner(job), Runner(job));

        var running = first.RunIfDueAsync(job, TestContext.Current.CancellationToken);
        while (job.Runs.IsEmpty)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
        var whileRunning = await second.RunIfDueAsync(job, TestContext.Current.CancellationToken);
        job.Hold.SetResult();
        var ranFirst = await running;
        var afterFinished = await second.RunIfDueAsync(job, TestContext.Current.CancellationToken);

        Assert.True(ranFirst);
        Assert.False(whileRunning);
        Assert.False(afterFinished);
        Assert.Single(job.Runs);
    }

    [Fact]
    public async Task An_occurrence_left_unfinished_by_a_crashed_replica_runs_again()
    {
        var job = new CountingJob(TimeSpan.FromDays(1));
        var dueAt = ScheduledJobRunner.DueAt(job, DateTime.UtcNow);
        // A replica claimed it and died: the record has no finish, and its advisory lock went with its session.
        await db.ScalarAsync("INSERT INTO scheduled_job_runs (job, due_at, started_at, runner) VALUES ($1, $2, now(), 'crashed') RETURNING 1", job.Name, dueAt);

        Assert.True(await Runner(job).RunIfDueAsync(job, TestContext.Current.CancellationToken));
        Assert.Equal([dueAt], job.Runs);
    }

    [Fact]
    public void Occurrences_start_at_multiples_of_the_period_plus_the_offset()
    {
        var daily = new DailyAtThree();
        Assert.Equal(new DateTime(2026, 11, 24, 3, 0, 0, DateTimeKind.Utc), ScheduledJobRunner.DueAt(daily, new DateTime(2026, 11, 24, 13, 5, 0, DateTimeKind.Utc)));
        Assert.Equal(new DateTime(2026, 11, 23, 3, 0, 0, DateTimeKind.Utc), ScheduledJobRunner.DueAt(daily, new DateTime(2026, 11, 24, 2, 59, 0, DateTimeKind.Utc)));
    }

    private sealed class DailyAtThree : IScheduledJob
    {
        public string Name => "daily";
        public TimeSpan Period => TimeSpan.FromDays(1);
        public TimeSpan Offset => TimeSpan.FromHours(3);
        public Task RunAsync(DateTime dueAt, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
