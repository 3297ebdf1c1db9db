using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class BonusRecalculations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BonusRecalculations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FromDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    SettingsVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Done = table.Column<int>(type: "INTEGER", nullable: false),
                    Total = table.Column<int>(type: "INTEGER", nullable: false),
                    CustomersAffected = table.Column<int>(type: "INTEGER", nullable: false),
                    DealsChanged = table.Column<int>(type: "INTEGER", nullable: false),
                    Increase = table.Column<long>(type: "INTEGER", nullable: false),
                    Decrease = table.Column<long>(type: "INTEGER", nullable: false),
                    PreviewedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AppliedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    AppliedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    EntriesPosted = table.Column<int>(type: "INTEGER", nullable: false),
                    AppliedIncrease = table.Column<long>(type: "INTEGER", nullable: false),
                    AppliedDecrease = table.Column<long>(type: "INTEGER", nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BonusRecalculations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BonusRecalculationLines",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RecalculationId = table.Column<long>(type: "INTEGER", nullable: false),
                    ContactId = table.Column<long>(type: "INTEGER", nullable: false),
                    BalanceNow = table.Column<long>(type: "INTEGER", nullable: false),
                    BalanceAfter = table.Column<long>(type: "INTEGER", nullable: false),
                    Difference = table.Column<long>(type: "INTEGER", nullable: false),
                    DealsChanged = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BonusRecalculationLines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BonusRecalculationLines_BonusRecalculations_RecalculationId",
                        column: x => x.RecalculationId,
                        principalTable: "BonusRecalculations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BonusRecalculationLines_RecalculationId_ContactId",
                table: "BonusRecalculationLines",
                columns: new[] { "RecalculationId", "ContactId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BonusRecalculations_Status",
                table: "BonusRecalculations",
                column: "Status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BonusRecalculationLines");

            migrationBuilder.DropTable(
                name: "BonusRecalculations");
        }
    }
}
