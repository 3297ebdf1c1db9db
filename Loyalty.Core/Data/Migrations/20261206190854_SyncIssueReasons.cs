using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class SyncIssueReasons : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<long>(
                name: "RunId",
                table: "SyncIssues",
                type: "INTEGER",
                nullable: true,
                oldClrType: typeof(long),
                oldType: "INTEGER");

            migrationBuilder.AddColumn<string>(
                name: "Field",
                table: "SyncIssues",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Reason",
                table: "SyncIssues",
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                // Issues written before reason codes carry only their message: the page shows it as it is.
                defaultValue: "Unreadable");

            migrationBuilder.AddColumn<string>(
                name: "Title",
                table: "SyncIssues",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Value",
                table: "SyncIssues",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_SyncIssues_At",
                table: "SyncIssues",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_SyncIssues_Entity_EntityId",
                table: "SyncIssues",
                columns: new[] { "Entity", "EntityId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SyncIssues_At",
                table: "SyncIssues");

            migrationBuilder.DropIndex(
                name: "IX_SyncIssues_Entity_EntityId",
                table: "SyncIssues");

            migrationBuilder.DropColumn(
                name: "Field",
                table: "SyncIssues");

            migrationBuilder.DropColumn(
                name: "Reason",
                table: "SyncIssues");

            migrationBuilder.DropColumn(
                name: "Title",
                table: "SyncIssues");

            migrationBuilder.DropColumn(
                name: "Value",
                table: "SyncIssues");

            migrationBuilder.AlterColumn<long>(
                name: "RunId",
                table: "SyncIssues",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L,
                oldClrType: typeof(long),
                oldType: "INTEGER",
                oldNullable: true);
        }
    }
}
