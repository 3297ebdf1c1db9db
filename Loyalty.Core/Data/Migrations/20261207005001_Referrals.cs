using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Referrals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ConsentRecords",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    GivenAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ClientAddress = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PolicyVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    PolicyHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ErasedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConsentRecords", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ReferralPageSettings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    CompanyName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PageText = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReferralPageSettings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ReferralPolicyVersions",
                columns: table => new
                {
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 50000, nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReferralPolicyVersions", x => x.Version);
                });

            migrationBuilder.CreateTable(
                name: "ReferralSubmissions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PromoterId = table.Column<long>(type: "INTEGER", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ClientAddress = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FormToken = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ConsentId = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    LeadId = table.Column<long>(type: "INTEGER", nullable: true),
                    LeadCreatedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CommentedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DueAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    LookupFirst = table.Column<bool>(type: "INTEGER", nullable: false),
                    ErasedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReferralSubmissions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ReferralSubmissions_Email",
                table: "ReferralSubmissions",
                column: "Email");

            migrationBuilder.CreateIndex(
                name: "IX_ReferralSubmissions_FormToken",
                table: "ReferralSubmissions",
                column: "FormToken",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReferralSubmissions_LeadId",
                table: "ReferralSubmissions",
                column: "LeadId");

            migrationBuilder.CreateIndex(
                name: "IX_ReferralSubmissions_Phone",
                table: "ReferralSubmissions",
                column: "Phone");

            migrationBuilder.CreateIndex(
                name: "IX_ReferralSubmissions_PromoterId",
                table: "ReferralSubmissions",
                column: "PromoterId");

            migrationBuilder.CreateIndex(
                name: "IX_ReferralSubmissions_Status_DueAt",
                table: "ReferralSubmissions",
                columns: new[] { "Status", "DueAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ConsentRecords");

            migrationBuilder.DropTable(
                name: "ReferralPageSettings");

            migrationBuilder.DropTable(
                name: "ReferralPolicyVersions");

            migrationBuilder.DropTable(
                name: "ReferralSubmissions");
        }
    }
}
