using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoyalityBot.Domain.Data.Migrations
{
    /// <inheritdoc />
    public partial class AppendOnlyLedger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_ledger_entries_clients_client_id",
                table: "ledger_entries");

            migrationBuilder.DropForeignKey(
                name: "fk_ledger_entries_partners_partner_id",
                table: "ledger_entries");

            migrationBuilder.DropForeignKey(
                name: "fk_ledger_entries_promotions_promotion_id",
                table: "ledger_entries");

            migrationBuilder.DropForeignKey(
                name: "fk_point_accounts_clients_client_id",
                table: "point_accounts");

            migrationBuilder.AddForeignKey(
                name: "fk_ledger_entries_clients_client_id",
                table: "ledger_entries",
                column: "client_id",
                principalTable: "clients",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_ledger_entries_partners_partner_id",
                table: "ledger_entries",
                column: "partner_id",
                principalTable: "partners",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_ledger_entries_promotions_promotion_id",
                table: "ledger_entries",
                column: "promotion_id",
                principalTable: "promotions",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_point_accounts_clients_client_id",
                table: "point_accounts",
                column: "client_id",
                principalTable: "clients",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            // The ledger is append-only in the database itself: corrections are reversal entries, never edits.
            migrationBuilder.Sql("""
                CREATE FUNCTION ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'ledger_entries is append-only: % is not allowed, write a reversal entry', TG_OP
                        USING ERRCODE = 'restrict_violation';
                END
                $$;
                CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
                    FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only();
                CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
                    FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER ledger_entries_no_truncate ON ledger_entries;
                DROP TRIGGER ledger_entries_append_only ON ledger_entries;
                DROP FUNCTION ledger_entries_append_only();
                """);

            migrationBuilder.DropForeignKey(
                name: "fk_ledger_entries_clients_client_id",
                table: "ledger_entries");

            migrationBuilder.DropForeignKey(
                name: "fk_ledger_entries_partners_partner_id",
                table: "ledger_entries");

            migrationBuilder.DropForeignKey(
                name: "fk_ledger_entries_promotions_promotion_id",
                table: "ledger_entries");

            migrationBuilder.DropForeignKey(
                name: "fk_point_accounts_clients_client_id",
                table: "point_accounts");

            migrationBuilder.AddForeignKey(
                name: "fk_ledger_entries_clients_client_id",
                table: "ledger_entries",
                column: "client_id",
                principalTable: "clients",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_ledger_entries_partners_partner_id",
                table: "ledger_entries",
                column: "partner_id",
                principalTable: "partners",
                principalColumn: "id");

            migrationBuilder.AddForeignKey(
                name: "fk_ledger_entries_promotions_promotion_id",
                table: "ledger_entries",
                column: "promotion_id",
                principalTable: "promotions",
                principalColumn: "id");

            migrationBuilder.AddForeignKey(
                name: "fk_point_accounts_clients_client_id",
                table: "point_accounts",
                column: "client_id",
                principalTable: "clients",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
