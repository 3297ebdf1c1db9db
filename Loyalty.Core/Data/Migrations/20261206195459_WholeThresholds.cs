using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class WholeThresholds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Thresholds become whole numbers in the metric's unit. A money metric's threshold was already stored in
            // kopecks (the editors multiplied roubles by 100), so kopecks = round(value), not value × 100; counts, points
            // and ranks were whole already (ranks were validated whole). Rounded here, in SQL, because SQLite keeps a
            // REAL that has a fraction as REAL when the rebuilt table's INTEGER column receives it.
            migrationBuilder.Sql("""
                UPDATE "Badges" SET
                    "BronzeThreshold" = CAST(ROUND("BronzeThreshold") AS INTEGER),
                    "SilverThreshold" = CAST(ROUND("SilverThreshold") AS INTEGER),
                    "GoldThreshold" = CAST(ROUND("GoldThreshold") AS INTEGER);
                UPDATE "Ratings" SET "ThresholdMinimum" = CAST(ROUND("ThresholdMinimum") AS INTEGER);
                """);

            migrationBuilder.AlterColumn<long>(
                name: "ThresholdMinimum",
                table: "Ratings",
                type: "INTEGER",
                nullable: false,
                oldClrType: typeof(double),
                oldType: "REAL");

            migrationBuilder.AlterColumn<long>(
                name: "SilverThreshold",
                table: "Badges",
                type: "INTEGER",
                nullable: true,
                oldClrType: typeof(double),
                oldType: "REAL",
                oldNullable: true);

            migrationBuilder.AlterColumn<long>(
                name: "GoldThreshold",
                table: "Badges",
                type: "INTEGER",
                nullable: true,
                oldClrType: typeof(double),
                oldType: "REAL",
                oldNullable: true);

            migrationBuilder.AlterColumn<long>(
                name: "BronzeThreshold",
                table: "Badges",
                type: "INTEGER",
                nullable: true,
                oldClrType: typeof(double),
                oldType: "REAL",
                oldNullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Whole numbers go back to REAL exactly: the rebuilt tables' REAL columns convert them as they are copied.
            migrationBuilder.AlterColumn<double>(
                name: "ThresholdMinimum",
                table: "Ratings",
                type: "REAL",
                nullable: false,
                oldClrType: typeof(long),
                oldType: "INTEGER");

            migrationBuilder.AlterColumn<double>(
                name: "SilverThreshold",
                table: "Badges",
                type: "REAL",
                nullable: true,
                oldClrType: typeof(long),
                oldType: "INTEGER",
                oldNullable: true);

            migrationBuilder.AlterColumn<double>(
                name: "GoldThreshold",
                table: "Badges",
                type: "REAL",
                nullable: true,
                oldClrType: typeof(long),
                oldType: "INTEGER",
                oldNullable: true);

            migrationBuilder.AlterColumn<double>(
                name: "BronzeThreshold",
                table: "Badges",
                type: "REAL",
                nullable: true,
                oldClrType: typeof(long),
                oldType: "INTEGER",
                oldNullable: true);
        }
    }
}
