using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PromptConsole.Web.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ExperimentsAndFeatureFlags : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Experiments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PromptKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Hypothesis = table.Column<string>(type: "TEXT", nullable: false),
                    ArmsJson = table.Column<string>(type: "TEXT", nullable: false),
                    Coverage = table.Column<double>(type: "REAL", nullable: false),
                    TargetingJson = table.Column<string>(type: "TEXT", nullable: false),
                    SubjectAttribute = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PrimaryMetric = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    GuardrailsJson = table.Column<string>(type: "TEXT", nullable: false),
                    MinSamplesPerArm = table.Column<int>(type: "INTEGER", nullable: false),
                    EndsAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    StoppedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DecisionVerdict = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    DecisionArm = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    DecisionReason = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Experiments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FeatureFlags",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    Variants = table.Column<string>(type: "TEXT", nullable: false),
                    DefaultVariant = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Targeting = table.Column<string>(type: "TEXT", nullable: false),
                    Rollout = table.Column<string>(type: "TEXT", nullable: false),
                    SubjectAttribute = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    KillSwitchPromptKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    KillSwitchSafeVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FeatureFlags", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Executions_RouteKind_RouteId_StartedAt",
                table: "Executions",
                columns: new[] { "RouteKind", "RouteId", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Experiments_Key",
                table: "Experiments",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Experiments_PromptKey_Status",
                table: "Experiments",
                columns: new[] { "PromptKey", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Experiments_Status",
                table: "Experiments",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_FeatureFlags_Key",
                table: "FeatureFlags",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FeatureFlags_KillSwitchPromptKey",
                table: "FeatureFlags",
                column: "KillSwitchPromptKey");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Experiments");

            migrationBuilder.DropTable(
                name: "FeatureFlags");

            migrationBuilder.DropIndex(
                name: "IX_Executions_RouteKind_RouteId_StartedAt",
                table: "Executions");
        }
    }
}
