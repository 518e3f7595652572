using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PromptConsole.Web.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TenantUsageAndLiveBuckets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Tenant",
                table: "Executions",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "LiveBuckets",
                columns: table => new
                {
                    InstanceId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Second = table.Column<long>(type: "INTEGER", nullable: false),
                    PromptKey = table.Column<string>(type: "TEXT", maxLength: 65, nullable: false),
                    Payload = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LiveBuckets", x => new { x.InstanceId, x.Second, x.PromptKey });
                });

            migrationBuilder.CreateTable(
                name: "TenantRollups",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    InstanceId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Tier = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    BucketStart = table.Column<long>(type: "INTEGER", nullable: false),
                    Tenant = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Executions = table.Column<long>(type: "INTEGER", nullable: false),
                    Errors = table.Column<long>(type: "INTEGER", nullable: false),
                    InputTokens = table.Column<long>(type: "INTEGER", nullable: false),
                    OutputTokens = table.Column<long>(type: "INTEGER", nullable: false),
                    CostUsd = table.Column<decimal>(type: "TEXT", precision: 18, scale: 8, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TenantRollups", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Executions_Tenant_StartedAt",
                table: "Executions",
                columns: new[] { "Tenant", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_LiveBuckets_Second",
                table: "LiveBuckets",
                column: "Second");

            migrationBuilder.CreateIndex(
                name: "IX_TenantRollups_Tier_BucketStart_InstanceId_Tenant",
                table: "TenantRollups",
                columns: new[] { "Tier", "BucketStart", "InstanceId", "Tenant" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LiveBuckets");

            migrationBuilder.DropTable(
                name: "TenantRollups");

            migrationBuilder.DropIndex(
                name: "IX_Executions_Tenant_StartedAt",
                table: "Executions");

            migrationBuilder.DropColumn(
                name: "Tenant",
                table: "Executions");
        }
    }
}
