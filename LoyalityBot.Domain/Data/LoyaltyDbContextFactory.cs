using Microsoft.EntityFrameworkCore.Design;
using Npgsql;

namespace LoyalityBot.Domain.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running host (it never connects).</summary>
internal sealed class LoyaltyDbContextFactory : IDesignTimeDbContextFactory<LoyaltyDbContext>
{
    public LoyaltyDbContext CreateDbContext(string[] args) =>
        new(LoyaltyDbContextOptions.For(NpgsqlDataSource.Create("Host=localhost;Database=loyalty")));
}
