using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoyalityBot.Domain.Data.Migrations
{
    /// <inheritdoc />
    public partial class PartnerAnalyticsIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_partner_id_created_at",
                table: "ledger_entries",
                columns: new[] { "partner_id", "created_at" },
                filter: "partner_id IS NOT NULL")
                .Annotation("Npgsql:CreatedConcurrently", true)
                .Annotation("Npgsql:IndexInclude", new[] { "client_id", "kind", "amount", "purchase_amount" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_ledger_entries_partner_id_created_at",
                table: "ledger_entries");
        }
    }
}
