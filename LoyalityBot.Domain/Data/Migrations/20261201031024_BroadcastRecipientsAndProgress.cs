using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoyalityBot.Domain.Data.Migrations
{
    /// <inheritdoc />
    public partial class BroadcastRecipientsAndProgress : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_broadcast_campaigns_partners_partner_id",
                table: "broadcast_campaigns");

            migrationBuilder.DropCheckConstraint(
                name: "ck_broadcast_campaigns_recipients",
                table: "broadcast_campaigns");

            migrationBuilder.AlterColumn<long>(
                name: "partner_id",
                table: "broadcast_campaigns",
                type: "bigint",
                nullable: true,
                oldClrType: typeof(long),
                oldType: "bigint");

            migrationBuilder.AlterColumn<string>(
                name: "audience",
                table: "broadcast_campaigns",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(32)",
                oldMaxLength: 32);

            migrationBuilder.AddColumn<string>(
                name: "category",
                table: "broadcast_campaigns",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "city_id",
                table: "broadcast_campaigns",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "completed_at",
                table: "broadcast_campaigns",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "failed_count",
                table: "broadcast_campaigns",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "initiated_by",
                table: "broadcast_campaigns",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "initiator",
                table: "broadcast_campaigns",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Partner");

            migrationBuilder.AddColumn<int>(
                name: "sent_count",
                table: "broadcast_campaigns",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "skipped_count",
                table: "broadcast_campaigns",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "started_at",
                table: "broadcast_campaigns",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "target",
                table: "broadcast_campaigns",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Clients");

            // Rows from before this migration are partners' broadcasts to their clients (the defaults above).
            migrationBuilder.Sql("UPDATE broadcast_campaigns SET initiated_by = partner_id;");

            migrationBuilder.CreateTable(
                name: "broadcast_recipients",
                columns: table => new
                {
                    broadcast_id = table.Column<long>(type: "bigint", nullable: false),
                    chat_id = table.Column<long>(type: "bigint", nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    attempted_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    sent_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    error = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_broadcast_recipients", x => new { x.broadcast_id, x.chat_id });
                    table.ForeignKey(
                        name: "fk_broadcast_recipients_broadcast_campaigns_broadcast_id",
                        column: x => x.broadcast_id,
                        principalTable: "broadcast_campaigns",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.AddCheckConstraint(
                name: "ck_broadcast_campaigns_initiator",
                table: "broadcast_campaigns",
                sql: "(initiator = 'Partner' AND partner_id IS NOT NULL AND audience IS NOT NULL AND target = 'Clients') OR (initiator = 'Admin' AND partner_id IS NULL AND audience IS NULL)");

            migrationBuilder.AddCheckConstraint(
                name: "ck_broadcast_campaigns_recipients",
                table: "broadcast_campaigns",
                sql: "recipient_count >= 0 AND (initiator = 'Admin' OR recipient_count <= 500)");

            migrationBuilder.CreateIndex(
                name: "ix_broadcast_recipients_unfinished",
                table: "broadcast_recipients",
                columns: new[] { "broadcast_id", "chat_id" },
                filter: "status IN ('Pending', 'Sending')");

            migrationBuilder.AddForeignKey(
                name: "fk_broadcast_campaigns_partners_partner_id",
                table: "broadcast_campaigns",
                column: "partner_id",
                principalTable: "partners",
                principalColumn: "id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_broadcast_campaigns_partners_partner_id",
                table: "broadcast_campaigns");

            migrationBuilder.DropTable(
                name: "broadcast_recipients");

            migrationBuilder.DropCheckConstraint(
                name: "ck_broadcast_campaigns_initiator",
                table: "broadcast_campaigns");

            migrationBuilder.DropCheckConstraint(
                name: "ck_broadcast_campaigns_recipients",
                table: "broadcast_campaigns");

            migrationBuilder.DropColumn(
                name: "category",
                table: "broadcast_campaigns");

            migrationBuilder.DropColumn(
                name: "city_id",
                table: "broadcast_campaigns");

            migrationBuilder.DropColumn(
                name: "completed_at",
                table: "broadcast_campaigns");

            migrationBuilder.DropColumn(
                name: "failed_count",
                table: "broadcast_campaigns");

            migrationBuilder.DropColumn(
                name: "initiated_by",
                table: "broadcast_campaigns");

            migrationBuilder.DropColumn(
                name: "initiator",
                table: "broadcast_campaigns");

            migrationBuilder.DropColumn(
                name: "sent_count",
                table: "broadcast_campaigns");

            migrationBuilder.DropColumn(
                name: "skipped_count",
                table: "broadcast_campaigns");

            migrationBuilder.DropColumn(
                name: "started_at",
                table: "broadcast_campaigns");

            migrationBuilder.DropColumn(
                name: "target",
                table: "broadcast_campaigns");

            migrationBuilder.AlterColumn<long>(
                name: "partner_id",
                table: "broadcast_campaigns",
                type: "bigint",
                nullable: false,
                defaultValue: 0L,
                oldClrType: typeof(long),
                oldType: "bigint",
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "audience",
                table: "broadcast_campaigns",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "character varying(32)",
                oldMaxLength: 32,
                oldNullable: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_broadcast_campaigns_recipients",
                table: "broadcast_campaigns",
                sql: "recipient_count BETWEEN 0 AND 500");

            migrationBuilder.AddForeignKey(
                name: "fk_broadcast_campaigns_partners_partner_id",
                table: "broadcast_campaigns",
                column: "partner_id",
                principalTable: "partners",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
