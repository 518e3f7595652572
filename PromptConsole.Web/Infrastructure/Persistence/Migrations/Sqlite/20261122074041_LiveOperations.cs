using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PromptConsole.Web.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LiveOperations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Origin",
                table: "Executions",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "Api");

            migrationBuilder.AddColumn<string>(
                name: "Stages",
                table: "Executions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "MetricRollups",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    InstanceId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Tier = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    BucketStart = table.Column<long>(type: "INTEGER", nullable: false),
                    PromptKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PromptVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    RouteArm = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Model = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Count = table.Column<long>(type: "INTEGER", nullable: false),
                    Stats = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MetricRollups", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MetricRollups_Tier_BucketStart_InstanceId_PromptKey_PromptVersion_RouteArm_Model",
                table: "MetricRollups",
                columns: new[] { "Tier", "BucketStart", "InstanceId", "PromptKey", "PromptVersion", "RouteArm", "Model" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MetricRollups_Tier_PromptKey_BucketStart",
                table: "MetricRollups",
                columns: new[] { "Tier", "PromptKey", "BucketStart" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MetricRollups");

            migrationBuilder.DropColumn(
                name: "Origin",
                table: "Executions");

            migrationBuilder.DropColumn(
                name: "Stages",
                table: "Executions");
        }
    }
}
