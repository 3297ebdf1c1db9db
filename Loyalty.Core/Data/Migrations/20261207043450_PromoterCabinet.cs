using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class PromoterCabinet : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "PromoterId",
                table: "AspNetUsers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CabinetSignInCodes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PromoterId = table.Column<long>(type: "INTEGER", nullable: false),
                    Channel = table.Column<string>(type: "TEXT", nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    CodeSalt = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CodeHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FailedAttempts = table.Column<int>(type: "INTEGER", nullable: false),
                    UsedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    VoidedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClientAddress = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CabinetSignInCodes", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_PromoterId",
                table: "AspNetUsers",
                column: "PromoterId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CabinetSignInCodes_Address_CreatedAt",
                table: "CabinetSignInCodes",
                columns: new[] { "Address", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CabinetSignInCodes_PromoterId",
                table: "CabinetSignInCodes",
                column: "PromoterId");

            migrationBuilder.CreateIndex(
                name: "IX_CabinetSignInCodes_TokenHash",
                table: "CabinetSignInCodes",
                column: "TokenHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CabinetSignInCodes");

            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_PromoterId",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "PromoterId",
                table: "AspNetUsers");
        }
    }
}
