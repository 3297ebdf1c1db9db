using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class LedgerAndBonuses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BonusCustomers",
                columns: table => new
                {
                    ContactId = table.Column<long>(type: "INTEGER", nullable: false),
                    SearchText = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    WonDeals = table.Column<int>(type: "INTEGER", nullable: false),
                    WonSum = table.Column<long>(type: "INTEGER", nullable: false),
                    LastPurchaseAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Tier = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    PercentBasisPoints = table.Column<int>(type: "INTEGER", nullable: false),
                    Accrued = table.Column<long>(type: "INTEGER", nullable: false),
                    Redeemed = table.Column<long>(type: "INTEGER", nullable: false),
                    Balance = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BonusCustomers", x => x.ContactId);
                });

            migrationBuilder.CreateTable(
                name: "BonusSettingsVersions",
                columns: table => new
                {
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ChangedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BonusSettingsVersions", x => x.Version);
                });

            migrationBuilder.CreateTable(
                name: "BonusSkips",
                columns: table => new
                {
                    DealId = table.Column<long>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    WonAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BonusSkips", x => x.DealId);
                });

            migrationBuilder.CreateTable(
                name: "CrmWriteBacks",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Method = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Parameters = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DueAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SentAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrmWriteBacks", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "LedgerAccounts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    OwnerId = table.Column<long>(type: "INTEGER", nullable: false),
                    Balance = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerAccounts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LedgerCheckRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    TriggeredBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    AccountsChecked = table.Column<int>(type: "INTEGER", nullable: false),
                    Mismatches = table.Column<int>(type: "INTEGER", nullable: false),
                    Details = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerCheckRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ProgramCursors",
                columns: table => new
                {
                    Program = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    LastFactId = table.Column<long>(type: "INTEGER", nullable: false),
                    DealsSyncedAfter = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SettingsVersion = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProgramCursors", x => x.Program);
                });

            migrationBuilder.CreateTable(
                name: "LedgerEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AccountId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    SourceKey = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    OccurredAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    RuleVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    DealId = table.Column<long>(type: "INTEGER", nullable: true),
                    ReversesEntryId = table.Column<long>(type: "INTEGER", nullable: true),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LedgerEntries_LedgerAccounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "LedgerAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "LedgerAllocations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DebitEntryId = table.Column<long>(type: "INTEGER", nullable: false),
                    CreditEntryId = table.Column<long>(type: "INTEGER", nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerAllocations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LedgerAllocations_LedgerEntries_CreditEntryId",
                        column: x => x.CreditEntryId,
                        principalTable: "LedgerEntries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_LedgerAllocations_LedgerEntries_DebitEntryId",
                        column: x => x.DebitEntryId,
                        principalTable: "LedgerEntries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CrmDeals_SyncedAt",
                table: "CrmDeals",
                column: "SyncedAt");

            migrationBuilder.CreateIndex(
                name: "IX_BonusCustomers_Balance",
                table: "BonusCustomers",
                column: "Balance");

            migrationBuilder.CreateIndex(
                name: "IX_BonusCustomers_DisplayName",
                table: "BonusCustomers",
                column: "DisplayName");

            migrationBuilder.CreateIndex(
                name: "IX_BonusCustomers_LastPurchaseAt",
                table: "BonusCustomers",
                column: "LastPurchaseAt");

            migrationBuilder.CreateIndex(
                name: "IX_BonusCustomers_Tier_Balance",
                table: "BonusCustomers",
                columns: new[] { "Tier", "Balance" });

            migrationBuilder.CreateIndex(
                name: "IX_BonusCustomers_WonSum",
                table: "BonusCustomers",
                column: "WonSum");

            migrationBuilder.CreateIndex(
                name: "IX_BonusSkips_WonAt",
                table: "BonusSkips",
                column: "WonAt");

            migrationBuilder.CreateIndex(
                name: "IX_CrmWriteBacks_SentAt_DueAt",
                table: "CrmWriteBacks",
                columns: new[] { "SentAt", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_LedgerAccounts_Kind_Balance",
                table: "LedgerAccounts",
                columns: new[] { "Kind", "Balance" });

            migrationBuilder.CreateIndex(
                name: "IX_LedgerAccounts_Kind_OwnerId",
                table: "LedgerAccounts",
                columns: new[] { "Kind", "OwnerId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LedgerAllocations_CreditEntryId",
                table: "LedgerAllocations",
                column: "CreditEntryId");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerAllocations_DebitEntryId",
                table: "LedgerAllocations",
                column: "DebitEntryId");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerCheckRuns_StartedAt",
                table: "LedgerCheckRuns",
                column: "StartedAt");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_AccountId_OccurredAt",
                table: "LedgerEntries",
                columns: new[] { "AccountId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_AccountId_SourceKey",
                table: "LedgerEntries",
                columns: new[] { "AccountId", "SourceKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_DealId",
                table: "LedgerEntries",
                column: "DealId");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_ExpiresAt",
                table: "LedgerEntries",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_Kind_OccurredAt",
                table: "LedgerEntries",
                columns: new[] { "Kind", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_ReversesEntryId",
                table: "LedgerEntries",
                column: "ReversesEntryId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BonusCustomers");

            migrationBuilder.DropTable(
                name: "BonusSettingsVersions");

            migrationBuilder.DropTable(
                name: "BonusSkips");

            migrationBuilder.DropTable(
                name: "CrmWriteBacks");

            migrationBuilder.DropTable(
                name: "LedgerAllocations");

            migrationBuilder.DropTable(
                name: "LedgerCheckRuns");

            migrationBuilder.DropTable(
                name: "ProgramCursors");

            migrationBuilder.DropTable(
                name: "LedgerEntries");

            migrationBuilder.DropTable(
                name: "LedgerAccounts");

            migrationBuilder.DropIndex(
                name: "IX_CrmDeals_SyncedAt",
                table: "CrmDeals");
        }
    }
}
