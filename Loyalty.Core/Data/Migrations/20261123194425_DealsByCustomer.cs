using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class DealsByCustomer : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CrmDeals_ContactId",
                table: "CrmDeals");

            migrationBuilder.CreateIndex(
                name: "IX_CrmDeals_ContactId_Semantics_WonAt",
                table: "CrmDeals",
                columns: new[] { "ContactId", "Semantics", "WonAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CrmDeals_ContactId_Semantics_WonAt",
                table: "CrmDeals");

            migrationBuilder.CreateIndex(
                name: "IX_CrmDeals_ContactId",
                table: "CrmDeals",
                column: "ContactId");
        }
    }
}
