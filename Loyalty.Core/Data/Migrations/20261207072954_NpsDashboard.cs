using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class NpsDashboard : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_NpsSurveys_Dashboard_Answers",
                table: "NpsSurveys",
                columns: new[] { "AnsweredAt", "Scale", "Score", "ManagerId", "PipelineId", "TemplateId" });

            migrationBuilder.CreateIndex(
                name: "IX_NpsSurveys_Dashboard_Sends",
                table: "NpsSurveys",
                columns: new[] { "SentAt", "Score", "Status", "ManagerId", "PipelineId", "TemplateId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_NpsSurveys_Dashboard_Answers",
                table: "NpsSurveys");

            migrationBuilder.DropIndex(
                name: "IX_NpsSurveys_Dashboard_Sends",
                table: "NpsSurveys");
        }
    }
}
