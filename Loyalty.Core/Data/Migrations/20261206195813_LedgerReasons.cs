using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class LedgerReasons : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Reason",
                table: "LedgerEntries",
                type: "TEXT",
                maxLength: 60,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReasonArgs",
                table: "LedgerEntries",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Reason",
                table: "LedgerEntries");

            migrationBuilder.DropColumn(
                name: "ReasonArgs",
                table: "LedgerEntries");
        }
    }
}
