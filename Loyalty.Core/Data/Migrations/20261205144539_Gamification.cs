using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Gamification : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CrmDeals_Semantics_WonAt",
                table: "CrmDeals");

            migrationBuilder.DropIndex(
                name: "IX_CrmActivities_OwnerTypeId_OwnerId",
                table: "CrmActivities");

            migrationBuilder.CreateTable(
                name: "BadgeAwards",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    BadgeId = table.Column<long>(type: "INTEGER", nullable: false),
                    EmployeeId = table.Column<long>(type: "INTEGER", nullable: false),
                    Level = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    PeriodKey = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    EarnedInPeriod = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    AwardedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AwardedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    RevokedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RevokedReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BadgeAwards", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Badges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Icon = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    IconData = table.Column<byte[]>(type: "BLOB", nullable: true),
                    IconContentType = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    Category = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Audience = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Rule = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Metric = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Period = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    RatingId = table.Column<long>(type: "INTEGER", nullable: true),
                    BronzeThreshold = table.Column<double>(type: "REAL", nullable: true),
                    SilverThreshold = table.Column<double>(type: "REAL", nullable: true),
                    GoldThreshold = table.Column<double>(type: "REAL", nullable: true),
                    Repeatable = table.Column<bool>(type: "INTEGER", nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Badges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "GamificationNotices",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    EmployeeId = table.Column<long>(type: "INTEGER", nullable: false),
                    BadgeId = table.Column<long>(type: "INTEGER", nullable: true),
                    RatingId = table.Column<long>(type: "INTEGER", nullable: true),
                    Text = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GamificationNotices", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PointRuleVersions",
                columns: table => new
                {
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ChangedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PointRuleVersions", x => x.Version);
                });

            migrationBuilder.CreateTable(
                name: "RatingDailyScores",
                columns: table => new
                {
                    RatingPeriodId = table.Column<long>(type: "INTEGER", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ParticipantId = table.Column<long>(type: "INTEGER", nullable: false),
                    Score = table.Column<int>(type: "INTEGER", nullable: false),
                    Rank = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RatingDailyScores", x => new { x.RatingPeriodId, x.Day, x.ParticipantId });
                });

            migrationBuilder.CreateTable(
                name: "RatingPeriods",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RatingId = table.Column<long>(type: "INTEGER", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    StartUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CalculatedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RatingVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Participants = table.Column<int>(type: "INTEGER", nullable: false),
                    LeaderId = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RatingPeriods", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RatingResults",
                columns: table => new
                {
                    RatingPeriodId = table.Column<long>(type: "INTEGER", nullable: false),
                    ParticipantId = table.Column<long>(type: "INTEGER", nullable: false),
                    Rank = table.Column<int>(type: "INTEGER", nullable: true),
                    PreviousRank = table.Column<int>(type: "INTEGER", nullable: true),
                    Score = table.Column<int>(type: "INTEGER", nullable: false),
                    TotalsJson = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RatingResults", x => new { x.RatingPeriodId, x.ParticipantId });
                });

            migrationBuilder.CreateTable(
                name: "Ratings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Scope = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Period = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CriteriaJson = table.Column<string>(type: "TEXT", nullable: false),
                    ThresholdMetric = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    ThresholdMinimum = table.Column<double>(type: "REAL", nullable: false),
                    TopN = table.Column<int>(type: "INTEGER", nullable: false),
                    PipelineIdsJson = table.Column<string>(type: "TEXT", nullable: false),
                    DepartmentIdsJson = table.Column<string>(type: "TEXT", nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    Sort = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Ratings", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CrmTasks_Status_ClosedAt_ResponsibleId_Deadline",
                table: "CrmTasks",
                columns: new[] { "Status", "ClosedAt", "ResponsibleId", "Deadline" });

            migrationBuilder.CreateIndex(
                name: "IX_CrmLeads_ConvertedAt_AssignedById",
                table: "CrmLeads",
                columns: new[] { "ConvertedAt", "AssignedById" });

            migrationBuilder.CreateIndex(
                name: "IX_CrmLeads_CreatedAt_AssignedById",
                table: "CrmLeads",
                columns: new[] { "CreatedAt", "AssignedById" });

            migrationBuilder.CreateIndex(
                name: "IX_CrmDeals_Semantics_WonAt_AssignedById_PipelineId_AmountMinor_CurrencyId_ContactId",
                table: "CrmDeals",
                columns: new[] { "Semantics", "WonAt", "AssignedById", "PipelineId", "AmountMinor", "CurrencyId", "ContactId" });

            migrationBuilder.CreateIndex(
                name: "IX_CrmActivities_Kind_Completed_EndTime_ResponsibleId",
                table: "CrmActivities",
                columns: new[] { "Kind", "Completed", "EndTime", "ResponsibleId" });

            migrationBuilder.CreateIndex(
                name: "IX_CrmActivities_OwnerTypeId_OwnerId_CreatedAt",
                table: "CrmActivities",
                columns: new[] { "OwnerTypeId", "OwnerId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_BadgeAwards_BadgeId_EmployeeId_Level_PeriodKey",
                table: "BadgeAwards",
                columns: new[] { "BadgeId", "EmployeeId", "Level", "PeriodKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BadgeAwards_EmployeeId_AwardedAt",
                table: "BadgeAwards",
                columns: new[] { "EmployeeId", "AwardedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_GamificationNotices_CreatedAt",
                table: "GamificationNotices",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_RatingPeriods_ClosedAt_EndUtc",
                table: "RatingPeriods",
                columns: new[] { "ClosedAt", "EndUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_RatingPeriods_RatingId_Key",
                table: "RatingPeriods",
                columns: new[] { "RatingId", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RatingResults_ParticipantId_RatingPeriodId",
                table: "RatingResults",
                columns: new[] { "ParticipantId", "RatingPeriodId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BadgeAwards");

            migrationBuilder.DropTable(
                name: "Badges");

            migrationBuilder.DropTable(
                name: "GamificationNotices");

            migrationBuilder.DropTable(
                name: "PointRuleVersions");

            migrationBuilder.DropTable(
                name: "RatingDailyScores");

            migrationBuilder.DropTable(
                name: "RatingPeriods");

            migrationBuilder.DropTable(
                name: "RatingResults");

            migrationBuilder.DropTable(
                name: "Ratings");

            migrationBuilder.DropIndex(
                name: "IX_CrmTasks_Status_ClosedAt_ResponsibleId_Deadline",
                table: "CrmTasks");

            migrationBuilder.DropIndex(
                name: "IX_CrmLeads_ConvertedAt_AssignedById",
                table: "CrmLeads");

            migrationBuilder.DropIndex(
                name: "IX_CrmLeads_CreatedAt_AssignedById",
                table: "CrmLeads");

            migrationBuilder.DropIndex(
                name: "IX_CrmDeals_Semantics_WonAt_AssignedById_PipelineId_AmountMinor_CurrencyId_ContactId",
                table: "CrmDeals");

            migrationBuilder.DropIndex(
                name: "IX_CrmActivities_Kind_Completed_EndTime_ResponsibleId",
                table: "CrmActivities");

            migrationBuilder.DropIndex(
                name: "IX_CrmActivities_OwnerTypeId_OwnerId_CreatedAt",
                table: "CrmActivities");

            migrationBuilder.CreateIndex(
                name: "IX_CrmDeals_Semantics_WonAt",
                table: "CrmDeals",
                columns: new[] { "Semantics", "WonAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CrmActivities_OwnerTypeId_OwnerId",
                table: "CrmActivities",
                columns: new[] { "OwnerTypeId", "OwnerId" });
        }
    }
}
