using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class BonusDealRedemptions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BonusDealRedemptions",
                columns: table => new
                {
                    DealId = table.Column<long>(type: "INTEGER", nullable: false),
                    ContactId = table.Column<long>(type: "INTEGER", nullable: false),
                    Requested = table.Column<long>(type: "INTEGER", nullable: false),
                    Applied = table.Column<long>(type: "INTEGER", nullable: false),
                    Cap = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    HandledAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BonusDealRedemptions", x => x.DealId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BonusDealRedemptions_ContactId",
                table: "BonusDealRedemptions",
                column: "ContactId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BonusDealRedemptions");
        }
    }
}
