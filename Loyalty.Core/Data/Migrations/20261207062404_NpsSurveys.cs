using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class NpsSurveys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "NpsErrors",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    SurveyId = table.Column<long>(type: "INTEGER", nullable: true),
                    DealId = table.Column<long>(type: "INTEGER", nullable: true),
                    Message = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NpsErrors", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "NpsLogos",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Bytes = table.Column<byte[]>(type: "BLOB", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NpsLogos", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "NpsRules",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    PipelineId = table.Column<long>(type: "INTEGER", nullable: false),
                    StageId = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    TemplateId = table.Column<long>(type: "INTEGER", nullable: false),
                    DelayMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    ByEmail = table.Column<bool>(type: "INTEGER", nullable: false),
                    BySms = table.Column<bool>(type: "INTEGER", nullable: false),
                    EnabledSince = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NpsRules", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "NpsSettings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    DefaultTemplateSeededAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NpsSettings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "NpsTemplateRevisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TemplateId = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ContentJson = table.Column<string>(type: "TEXT", nullable: false),
                    Scale = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NpsTemplateRevisions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "NpsTemplates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Scale = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    IsArchived = table.Column<bool>(type: "INTEGER", nullable: false),
                    DeletedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    CurrentRevisionId = table.Column<long>(type: "INTEGER", nullable: true),
                    ContentJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NpsTemplates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "NpsSurveys",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Token = table.Column<string>(type: "TEXT", maxLength: 22, nullable: false),
                    DealId = table.Column<long>(type: "INTEGER", nullable: false),
                    ContactId = table.Column<long>(type: "INTEGER", nullable: true),
                    ManagerId = table.Column<long>(type: "INTEGER", nullable: true),
                    PipelineId = table.Column<long>(type: "INTEGER", nullable: false),
                    TemplateId = table.Column<long>(type: "INTEGER", nullable: false),
                    RevisionId = table.Column<long>(type: "INTEGER", nullable: false),
                    RuleId = table.Column<long>(type: "INTEGER", nullable: true),
                    Scale = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Channels = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    StatusReason = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DueAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SentAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SentBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Score = table.Column<int>(type: "INTEGER", nullable: true),
                    AnsweredAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FirstAnsweredAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CommentedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CommentErasedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RemindedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    TaskQueuedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CallTaskQueuedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NpsSurveys", x => x.Id);
                    table.ForeignKey(
                        name: "FK_NpsSurveys_NpsTemplateRevisions_RevisionId",
                        column: x => x.RevisionId,
                        principalTable: "NpsTemplateRevisions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CrmDeals_PipelineId_StageId_MovedAt",
                table: "CrmDeals",
                columns: new[] { "PipelineId", "StageId", "MovedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_NpsErrors_At",
                table: "NpsErrors",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_NpsErrors_DealId_Kind",
                table: "NpsErrors",
                columns: new[] { "DealId", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_NpsErrors_SurveyId",
                table: "NpsErrors",
                column: "SurveyId");

            migrationBuilder.CreateIndex(
                name: "IX_NpsRules_TemplateId",
                table: "NpsRules",
                column: "TemplateId");

            migrationBuilder.CreateIndex(
                name: "IX_NpsSurveys_AnsweredAt",
                table: "NpsSurveys",
                column: "AnsweredAt");

            migrationBuilder.CreateIndex(
                name: "IX_NpsSurveys_ContactId_SentAt",
                table: "NpsSurveys",
                columns: new[] { "ContactId", "SentAt" });

            migrationBuilder.CreateIndex(
                name: "IX_NpsSurveys_DealId_CreatedAt",
                table: "NpsSurveys",
                columns: new[] { "DealId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_NpsSurveys_DealId_Rule",
                table: "NpsSurveys",
                column: "DealId",
                unique: true,
                filter: "\"RuleId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_NpsSurveys_ManagerId_AnsweredAt",
                table: "NpsSurveys",
                columns: new[] { "ManagerId", "AnsweredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_NpsSurveys_PipelineId_AnsweredAt",
                table: "NpsSurveys",
                columns: new[] { "PipelineId", "AnsweredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_NpsSurveys_RevisionId",
                table: "NpsSurveys",
                column: "RevisionId");

            migrationBuilder.CreateIndex(
                name: "IX_NpsSurveys_SentAt",
                table: "NpsSurveys",
                column: "SentAt");

            migrationBuilder.CreateIndex(
                name: "IX_NpsSurveys_Status_DueAt",
                table: "NpsSurveys",
                columns: new[] { "Status", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_NpsSurveys_TemplateId",
                table: "NpsSurveys",
                column: "TemplateId");

            migrationBuilder.CreateIndex(
                name: "IX_NpsSurveys_Token",
                table: "NpsSurveys",
                column: "Token",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_NpsTemplateRevisions_TemplateId",
                table: "NpsTemplateRevisions",
                column: "TemplateId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "NpsErrors");

            migrationBuilder.DropTable(
                name: "NpsLogos");

            migrationBuilder.DropTable(
                name: "NpsRules");

            migrationBuilder.DropTable(
                name: "NpsSettings");

            migrationBuilder.DropTable(
                name: "NpsSurveys");

            migrationBuilder.DropTable(
                name: "NpsTemplates");

            migrationBuilder.DropTable(
                name: "NpsTemplateRevisions");

            migrationBuilder.DropIndex(
                name: "IX_CrmDeals_PipelineId_StageId_MovedAt",
                table: "CrmDeals");
        }
    }
}
