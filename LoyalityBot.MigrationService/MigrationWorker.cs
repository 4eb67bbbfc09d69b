using System.Diagnostics;
using LoyalityBot.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LoyalityBot.MigrationService;

/// <summary>Applies pending migrations once, then stops the host: exit code 0 on success, 1 on failure.</summary>
internal sealed partial class MigrationWorker(
    IServiceProvider services, IHostApplicationLifetime lifetime, ILogger<MigrationWorker> logger) : BackgroundService
{
    public const string ActivitySourceName = "LoyalityBot.MigrationService";
    private static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var activity = ActivitySource.StartActivity("Migrating database", ActivityKind.Client);
        try
        {
            // An up-to-date database (every start but the first after a release) needs none of EF Core's work: it
            // builds the whole model to list pending migrations, and MigrateAsync checks that model against the last
            // snapshot (seconds of CPU on the stack's start-up path). MigrationTests keeps model and migrations in step.
            var pending = await MigrationHistory.GetPendingAsync(services.GetRequiredService<NpgsqlDataSource>(), stoppingToken);
            if (pending.Count > 0)
            {
                LogPending(logger, pending.Count, string.Join(", ", pending));
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<LoyaltyDbContext>();
                await db.Database.CreateExecutionStrategy().ExecuteAsync(() => db.Database.MigrateAsync(stoppingToken));
            }
            activity?.SetTag("db.migrations.applied", pending.Count);
            LogDone(logger);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            activity?.AddException(ex);
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            LogFailed(logger, ex);
            Environment.ExitCode = 1;
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Count} pending migration(s): {Migrations}")]
    private static partial void LogPending(ILogger logger, int count, string migrations);

    [LoggerMessage(Level = LogLevel.Information, Message = "The loyalty database is up to date")]
    private static partial void LogDone(ILogger logger);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Migrating the loyalty database failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
