using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoyalityBot.Domain.Data.Migrations
{
    /// <inheritdoc />
    public partial class ServiceImageHash : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "image_hash",
                table: "services",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "image_hash",
                table: "services");
        }
    }
}
