using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class CrmMirror : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CrmActivities",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false),
                    OwnerTypeId = table.Column<int>(type: "INTEGER", nullable: false),
                    OwnerId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    TypeId = table.Column<int>(type: "INTEGER", nullable: false),
                    ProviderId = table.Column<string>(type: "TEXT", maxLength: 80, nullable: true),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Direction = table.Column<int>(type: "INTEGER", nullable: false),
                    Completed = table.Column<bool>(type: "INTEGER", nullable: false),
                    ResponsibleId = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    StartTime = table.Column<DateTime>(type: "TEXT", nullable: true),
                    EndTime = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Deadline = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ModifiedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SyncedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DeletedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrmActivities", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CrmContacts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false),
                    FirstName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    LastName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    SecondName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Phones = table.Column<string>(type: "TEXT", nullable: true),
                    Emails = table.Column<string>(type: "TEXT", nullable: true),
                    PhoneDigits = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    EmailNormalized = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    AssignedById = table.Column<long>(type: "INTEGER", nullable: true),
                    CompanyId = table.Column<long>(type: "INTEGER", nullable: true),
                    SourceId = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    UserFields = table.Column<string>(type: "TEXT", nullable: true),
                    ModifiedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SyncedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DeletedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrmContacts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CrmCurrencies",
                columns: table => new
                {
                    Code = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    IsBase = table.Column<bool>(type: "INTEGER", nullable: false),
                    Rate = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    AmountCount = table.Column<int>(type: "INTEGER", nullable: false),
                    SyncedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrmCurrencies", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "CrmDeals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    PipelineId = table.Column<long>(type: "INTEGER", nullable: false),
                    StageId = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Semantics = table.Column<string>(type: "TEXT", nullable: false),
                    AmountMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    CurrencyId = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    ContactId = table.Column<long>(type: "INTEGER", nullable: true),
                    CompanyId = table.Column<long>(type: "INTEGER", nullable: true),
                    LeadId = table.Column<long>(type: "INTEGER", nullable: true),
                    AssignedById = table.Column<long>(type: "INTEGER", nullable: true),
                    SourceId = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    MovedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    WonAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    UserFields = table.Column<string>(type: "TEXT", nullable: true),
                    ModifiedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SyncedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DeletedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrmDeals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CrmDepartments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    ParentId = table.Column<long>(type: "INTEGER", nullable: true),
                    HeadEmployeeId = table.Column<long>(type: "INTEGER", nullable: true),
                    Sort = table.Column<int>(type: "INTEGER", nullable: false),
                    ModifiedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SyncedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DeletedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrmDepartments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CrmEmployees",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false),
                    FirstName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    LastName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    Position = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    DepartmentId = table.Column<long>(type: "INTEGER", nullable: true),
                    PhotoUrl = table.Column<string>(type: "TEXT", nullable: true),
                    ModifiedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SyncedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DeletedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrmEmployees", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CrmFacts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    EntityType = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    EntityId = table.Column<long>(type: "INTEGER", nullable: false),
                    EmployeeId = table.Column<long>(type: "INTEGER", nullable: true),
                    ContactId = table.Column<long>(type: "INTEGER", nullable: true),
                    PipelineId = table.Column<long>(type: "INTEGER", nullable: true),
                    AmountMinor = table.Column<long>(type: "INTEGER", nullable: true),
                    CurrencyId = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    OnTime = table.Column<bool>(type: "INTEGER", nullable: true),
                    OccurredAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrmFacts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CrmLeads",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    FirstName = table.Column<string>(type: "TEXT", nullable: true),
                    LastName = table.Column<string>(type: "TEXT", nullable: true),
                    StatusId = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    SourceId = table.Column<string>(type: "TEXT", nullable: true),
                    AssignedById = table.Column<long>(type: "INTEGER", nullable: true),
                    ContactId = table.Column<long>(type: "INTEGER", nullable: true),
                    CompanyId = table.Column<long>(type: "INTEGER", nullable: true),
                    AmountMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    CurrencyId = table.Column<string>(type: "TEXT", nullable: true),
                    PhoneDigits = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    EmailNormalized = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ConvertedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    UserFields = table.Column<string>(type: "TEXT", nullable: true),
                    ModifiedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SyncedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DeletedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrmLeads", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CrmPipelines",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Sort = table.Column<int>(type: "INTEGER", nullable: false),
                    IsDefault = table.Column<bool>(type: "INTEGER", nullable: false),
                    ModifiedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SyncedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DeletedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrmPipelines", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CrmStages",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Entity = table.Column<string>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    PipelineId = table.Column<long>(type: "INTEGER", nullable: true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Sort = table.Column<int>(type: "INTEGER", nullable: false),
                    Semantics = table.Column<string>(type: "TEXT", nullable: false),
                    SyncedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrmStages", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "CrmTasks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    ResponsibleId = table.Column<long>(type: "INTEGER", nullable: true),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Deadline = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ModifiedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SyncedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DeletedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrmTasks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PendingRefetches",
                columns: table => new
                {
                    Entity = table.Column<string>(type: "TEXT", nullable: false),
                    EntityId = table.Column<long>(type: "INTEGER", nullable: false),
                    RequestedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Event = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PendingRefetches", x => new { x.Entity, x.EntityId });
                });

            migrationBuilder.CreateTable(
                name: "SyncCursors",
                columns: table => new
                {
                    Entity = table.Column<string>(type: "TEXT", nullable: false),
                    HighWaterMark = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastFullSyncAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastReconciledAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SyncCursors", x => x.Entity);
                });

            migrationBuilder.CreateTable(
                name: "SyncIssues",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RunId = table.Column<long>(type: "INTEGER", nullable: false),
                    Entity = table.Column<string>(type: "TEXT", nullable: false),
                    EntityId = table.Column<long>(type: "INTEGER", nullable: true),
                    Message = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SyncIssues", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SyncRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FromDate = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Counts = table.Column<string>(type: "TEXT", nullable: false),
                    Skipped = table.Column<int>(type: "INTEGER", nullable: false),
                    Error = table.Column<string>(type: "TEXT", nullable: true),
                    TriggeredBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SyncRuns", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CrmActivities_ModifiedAt",
                table: "CrmActivities",
                column: "ModifiedAt");

            migrationBuilder.CreateIndex(
                name: "IX_CrmActivities_OwnerTypeId_OwnerId",
                table: "CrmActivities",
                columns: new[] { "OwnerTypeId", "OwnerId" });

            migrationBuilder.CreateIndex(
                name: "IX_CrmActivities_ResponsibleId_Kind_EndTime",
                table: "CrmActivities",
                columns: new[] { "ResponsibleId", "Kind", "EndTime" });

            migrationBuilder.CreateIndex(
                name: "IX_CrmContacts_AssignedById",
                table: "CrmContacts",
                column: "AssignedById");

            migrationBuilder.CreateIndex(
                name: "IX_CrmContacts_EmailNormalized",
                table: "CrmContacts",
                column: "EmailNormalized");

            migrationBuilder.CreateIndex(
                name: "IX_CrmContacts_ModifiedAt",
                table: "CrmContacts",
                column: "ModifiedAt");

            migrationBuilder.CreateIndex(
                name: "IX_CrmContacts_PhoneDigits",
                table: "CrmContacts",
                column: "PhoneDigits");

            migrationBuilder.CreateIndex(
                name: "IX_CrmDeals_AssignedById_WonAt",
                table: "CrmDeals",
                columns: new[] { "AssignedById", "WonAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CrmDeals_ContactId",
                table: "CrmDeals",
                column: "ContactId");

            migrationBuilder.CreateIndex(
                name: "IX_CrmDeals_ModifiedAt",
                table: "CrmDeals",
                column: "ModifiedAt");

            migrationBuilder.CreateIndex(
                name: "IX_CrmDeals_PipelineId",
                table: "CrmDeals",
                column: "PipelineId");

            migrationBuilder.CreateIndex(
                name: "IX_CrmDeals_Semantics_WonAt",
                table: "CrmDeals",
                columns: new[] { "Semantics", "WonAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CrmDepartments_ModifiedAt",
                table: "CrmDepartments",
                column: "ModifiedAt");

            migrationBuilder.CreateIndex(
                name: "IX_CrmDepartments_ParentId",
                table: "CrmDepartments",
                column: "ParentId");

            migrationBuilder.CreateIndex(
                name: "IX_CrmEmployees_DepartmentId",
                table: "CrmEmployees",
                column: "DepartmentId");

            migrationBuilder.CreateIndex(
                name: "IX_CrmEmployees_ModifiedAt",
                table: "CrmEmployees",
                column: "ModifiedAt");

            migrationBuilder.CreateIndex(
                name: "IX_CrmFacts_EntityType_EntityId",
                table: "CrmFacts",
                columns: new[] { "EntityType", "EntityId" });

            migrationBuilder.CreateIndex(
                name: "IX_CrmFacts_Key",
                table: "CrmFacts",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CrmFacts_Kind_OccurredAt",
                table: "CrmFacts",
                columns: new[] { "Kind", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CrmLeads_AssignedById_CreatedAt",
                table: "CrmLeads",
                columns: new[] { "AssignedById", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CrmLeads_EmailNormalized",
                table: "CrmLeads",
                column: "EmailNormalized");

            migrationBuilder.CreateIndex(
                name: "IX_CrmLeads_ModifiedAt",
                table: "CrmLeads",
                column: "ModifiedAt");

            migrationBuilder.CreateIndex(
                name: "IX_CrmLeads_PhoneDigits",
                table: "CrmLeads",
                column: "PhoneDigits");

            migrationBuilder.CreateIndex(
                name: "IX_CrmPipelines_ModifiedAt",
                table: "CrmPipelines",
                column: "ModifiedAt");

            migrationBuilder.CreateIndex(
                name: "IX_CrmStages_Entity_PipelineId",
                table: "CrmStages",
                columns: new[] { "Entity", "PipelineId" });

            migrationBuilder.CreateIndex(
                name: "IX_CrmTasks_ModifiedAt",
                table: "CrmTasks",
                column: "ModifiedAt");

            migrationBuilder.CreateIndex(
                name: "IX_CrmTasks_ResponsibleId_ClosedAt",
                table: "CrmTasks",
                columns: new[] { "ResponsibleId", "ClosedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SyncIssues_RunId",
                table: "SyncIssues",
                column: "RunId");

            migrationBuilder.CreateIndex(
                name: "IX_SyncRuns_StartedAt",
                table: "SyncRuns",
                column: "StartedAt");

            migrationBuilder.CreateIndex(
                name: "IX_SyncRuns_Status_FinishedAt",
                table: "SyncRuns",
                columns: new[] { "Status", "FinishedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CrmActivities");

            migrationBuilder.DropTable(
                name: "CrmContacts");

            migrationBuilder.DropTable(
                name: "CrmCurrencies");

            migrationBuilder.DropTable(
                name: "CrmDeals");

            migrationBuilder.DropTable(
                name: "CrmDepartments");

            migrationBuilder.DropTable(
                name: "CrmEmployees");

            migrationBuilder.DropTable(
                name: "CrmFacts");

            migrationBuilder.DropTable(
                name: "CrmLeads");

            migrationBuilder.DropTable(
                name: "CrmPipelines");

            migrationBuilder.DropTable(
                name: "CrmStages");

            migrationBuilder.DropTable(
                name: "CrmTasks");

            migrationBuilder.DropTable(
                name: "PendingRefetches");

            migrationBuilder.DropTable(
                name: "SyncCursors");

            migrationBuilder.DropTable(
                name: "SyncIssues");

            migrationBuilder.DropTable(
                name: "SyncRuns");
        }
    }
}
