using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Promoters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Promoters",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ContactId = table.Column<long>(type: "INTEGER", nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    SwitchedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SwitchedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ActiveCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    RateBasisPoints = table.Column<int>(type: "INTEGER", nullable: true),
                    CrmFlagWritten = table.Column<bool>(type: "INTEGER", nullable: true),
                    LegalStatus = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    PayeeName = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    Inn = table.Column<string>(type: "TEXT", maxLength: 12, nullable: true),
                    Bik = table.Column<string>(type: "TEXT", maxLength: 9, nullable: true),
                    BankAccount = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    CorrespondentAccount = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Promoters", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PromoterSettingsVersions",
                columns: table => new
                {
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ChangedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PromoterSettingsVersions", x => x.Version);
                });

            migrationBuilder.CreateTable(
                name: "PromoterCodes",
                columns: table => new
                {
                    Code = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    PromoterId = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RevokedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PromoterCodes", x => x.Code);
                    table.ForeignKey(
                        name: "FK_PromoterCodes_Promoters_PromoterId",
                        column: x => x.PromoterId,
                        principalTable: "Promoters",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PromoterCommissions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PromoterId = table.Column<long>(type: "INTEGER", nullable: false),
                    SourceKey = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Trigger = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Attribution = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    LeadId = table.Column<long>(type: "INTEGER", nullable: true),
                    DealId = table.Column<long>(type: "INTEGER", nullable: true),
                    ContactId = table.Column<long>(type: "INTEGER", nullable: true),
                    BaseAmount = table.Column<long>(type: "INTEGER", nullable: false),
                    RateBasisPoints = table.Column<int>(type: "INTEGER", nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    RuleVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Flags = table.Column<int>(type: "INTEGER", nullable: false),
                    PayableAfter = table.Column<DateTime>(type: "TEXT", nullable: false),
                    OccurredAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LedgerEntryId = table.Column<long>(type: "INTEGER", nullable: true),
                    ReversalEntryId = table.Column<long>(type: "INTEGER", nullable: true),
                    ReviewedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReviewedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ReviewReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PromoterCommissions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PromoterCommissions_Promoters_PromoterId",
                        column: x => x.PromoterId,
                        principalTable: "Promoters",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PromoterCodes_PromoterId",
                table: "PromoterCodes",
                column: "PromoterId");

            migrationBuilder.CreateIndex(
                name: "IX_PromoterCommissions_DealId",
                table: "PromoterCommissions",
                column: "DealId");

            migrationBuilder.CreateIndex(
                name: "IX_PromoterCommissions_LeadId",
                table: "PromoterCommissions",
                column: "LeadId");

            migrationBuilder.CreateIndex(
                name: "IX_PromoterCommissions_PromoterId_OccurredAt",
                table: "PromoterCommissions",
                columns: new[] { "PromoterId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PromoterCommissions_PromoterId_Status_PayableAfter",
                table: "PromoterCommissions",
                columns: new[] { "PromoterId", "Status", "PayableAfter" });

            migrationBuilder.CreateIndex(
                name: "IX_PromoterCommissions_SourceKey",
                table: "PromoterCommissions",
                column: "SourceKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PromoterCommissions_Status_OccurredAt",
                table: "PromoterCommissions",
                columns: new[] { "Status", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Promoters_Active_Id",
                table: "Promoters",
                columns: new[] { "Active", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Promoters_ContactId",
                table: "Promoters",
                column: "ContactId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PromoterCodes");

            migrationBuilder.DropTable(
                name: "PromoterCommissions");

            migrationBuilder.DropTable(
                name: "PromoterSettingsVersions");

            migrationBuilder.DropTable(
                name: "Promoters");
        }
    }
}
