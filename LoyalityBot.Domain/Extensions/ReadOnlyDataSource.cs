using Npgsql;

namespace LoyalityBot.Domain.Extensions;

/// <summary>
/// The replicas' data source. The <c>loyalty-readonly</c> connection string names several hosts with
/// <c>Target Session Attributes=prefer-standby</c>; a multi-host data source takes that preference from
/// <see cref="NpgsqlMultiHostDataSource.WithTargetSession"/> rather than its connection string, so it is moved there.
/// </summary>
internal static class ReadOnlyDataSource
{
    public static NpgsqlMultiHostDataSource BuildMultiHost(string connectionString, LoyaltyDataOptions data, Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.TargetSessionAttributes = null;
        data.ApplyTo(builder.ConnectionStringBuilder);
        builder.UseLoggerFactory(loggerFactory);
        return builder.BuildMultiHost();
    }

    /// <summary>The session preference from the connection string; prefer-standby when it says none.</summary>
    public static TargetSessionAttributes TargetSession(string connectionString)
    {
        var value = new NpgsqlConnectionStringBuilder(connectionString).TargetSessionAttributes;
        return string.IsNullOrEmpty(value)
            ? TargetSessionAttributes.PreferStandby
            : Enum.Parse<TargetSessionAttributes>(value.Replace("-", "", StringComparison.Ordinal), ignoreCase: true);
    }
}
