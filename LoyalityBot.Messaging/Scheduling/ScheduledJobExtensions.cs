using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace LoyalityBot.Messaging.Scheduling;

public static class ScheduledJobExtensions
{
    /// <summary>Maps <c>scheduled_job_runs</c> into a service's database (its DbContext calls this in <c>OnModelCreating</c>).</summary>
    public static ModelBuilder UseScheduledJobs(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ScheduledJobRun>(run =>
        {
            run.ToTable("scheduled_job_runs");
            run.HasKey(r => new { r.Job, r.DueAt });
            run.Property(r => r.Job).HasColumnName("job").HasMaxLength(100);
            run.Property(r => r.DueAt).HasColumnName("due_at");
            run.Property(r => r.StartedAt).HasColumnName("started_at");
            run.Property(r => r.FinishedAt).HasColumnName("finished_at");
            run.Property(r => r.Runner).HasColumnName("runner").HasMaxLength(100);
        });
        return modelBuilder;
    }

    /// <summary>Adds a job and, once, the runner (options from the <c>Scheduler</c> section).</summary>
    public static IHostApplicationBuilder AddScheduledJob<TJob>(this IHostApplicationBuilder builder) where TJob : class, IScheduledJob
    {
        builder.Services.AddOptions<ScheduledJobOptions>().Bind(builder.Configuration.GetSection(ScheduledJobOptions.SectionName));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IScheduledJob, TJob>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ScheduledJobRunner>());
        return builder;
    }
}
