using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class CoveringRatingIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_LedgerEntries_AccountId_OccurredAt",
                table: "LedgerEntries");

            migrationBuilder.DropIndex(
                name: "IX_CrmDeals_AssignedById_WonAt",
                table: "CrmDeals");

            migrationBuilder.DropIndex(
                name: "IX_CrmDeals_ContactId_Semantics_WonAt",
                table: "CrmDeals");

            migrationBuilder.DropIndex(
                name: "IX_CrmDeals_Semantics_WonAt_AssignedById_PipelineId_AmountMinor_CurrencyId_ContactId",
                table: "CrmDeals");

            migrationBuilder.DropIndex(
                name: "IX_CrmActivities_Kind_Completed_EndTime_ResponsibleId",
                table: "CrmActivities");

            migrationBuilder.DropIndex(
                name: "IX_CrmActivities_ResponsibleId_Kind_EndTime",
                table: "CrmActivities");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_AccountId_OccurredAt_Amount",
                table: "LedgerEntries",
                columns: new[] { "AccountId", "OccurredAt", "Amount" });

            migrationBuilder.CreateIndex(
                name: "IX_CrmDeals_AssignedById_Semantics_WonAt_PipelineId_AmountMinor_CurrencyId_ContactId_DeletedAt",
                table: "CrmDeals",
                columns: new[] { "AssignedById", "Semantics", "WonAt", "PipelineId", "AmountMinor", "CurrencyId", "ContactId", "DeletedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CrmDeals_ContactId_Semantics_WonAt_DeletedAt",
                table: "CrmDeals",
                columns: new[] { "ContactId", "Semantics", "WonAt", "DeletedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CrmDeals_Semantics_WonAt_AssignedById_PipelineId_AmountMinor_CurrencyId_ContactId_DeletedAt",
                table: "CrmDeals",
                columns: new[] { "Semantics", "WonAt", "AssignedById", "PipelineId", "AmountMinor", "CurrencyId", "ContactId", "DeletedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CrmActivities_Kind_EndTime_Completed_ResponsibleId_DeletedAt",
                table: "CrmActivities",
                columns: new[] { "Kind", "EndTime", "Completed", "ResponsibleId", "DeletedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CrmActivities_ResponsibleId_Kind_EndTime_Completed_DeletedAt",
                table: "CrmActivities",
                columns: new[] { "ResponsibleId", "Kind", "EndTime", "Completed", "DeletedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_LedgerEntries_AccountId_OccurredAt_Amount",
                table: "LedgerEntries");

            migrationBuilder.DropIndex(
                name: "IX_CrmDeals_AssignedById_Semantics_WonAt_PipelineId_AmountMinor_CurrencyId_ContactId_DeletedAt",
                table: "CrmDeals");

            migrationBuilder.DropIndex(
                name: "IX_CrmDeals_ContactId_Semantics_WonAt_DeletedAt",
                table: "CrmDeals");

            migrationBuilder.DropIndex(
                name: "IX_CrmDeals_Semantics_WonAt_AssignedById_PipelineId_AmountMinor_CurrencyId_ContactId_DeletedAt",
                table: "CrmDeals");

            migrationBuilder.DropIndex(
                name: "IX_CrmActivities_Kind_EndTime_Completed_ResponsibleId_DeletedAt",
                table: "CrmActivities");

            migrationBuilder.DropIndex(
                name: "IX_CrmActivities_ResponsibleId_Kind_EndTime_Completed_DeletedAt",
                table: "CrmActivities");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_AccountId_OccurredAt",
                table: "LedgerEntries",
                columns: new[] { "AccountId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CrmDeals_AssignedById_WonAt",
                table: "CrmDeals",
                columns: new[] { "AssignedById", "WonAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CrmDeals_ContactId_Semantics_WonAt",
                table: "CrmDeals",
                columns: new[] { "ContactId", "Semantics", "WonAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CrmDeals_Semantics_WonAt_AssignedById_PipelineId_AmountMinor_CurrencyId_ContactId",
                table: "CrmDeals",
                columns: new[] { "Semantics", "WonAt", "AssignedById", "PipelineId", "AmountMinor", "CurrencyId", "ContactId" });

            migrationBuilder.CreateIndex(
                name: "IX_CrmActivities_Kind_Completed_EndTime_ResponsibleId",
                table: "CrmActivities",
                columns: new[] { "Kind", "Completed", "EndTime", "ResponsibleId" });

            migrationBuilder.CreateIndex(
                name: "IX_CrmActivities_ResponsibleId_Kind_EndTime",
                table: "CrmActivities",
                columns: new[] { "ResponsibleId", "Kind", "EndTime" });
        }
    }
}
