using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PromptConsole.Web.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ExperimentsAndFeatureFlags : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "RouteArm",
                table: "MetricRollups",
                type: "character varying(128)",
                maxLength: 128,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(100)",
                oldMaxLength: 100);

            migrationBuilder.CreateTable(
                name: "Experiments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PromptKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Hypothesis = table.Column<string>(type: "text", nullable: false),
                    ArmsJson = table.Column<string>(type: "text", nullable: false),
                    Coverage = table.Column<double>(type: "double precision", nullable: false),
                    TargetingJson = table.Column<string>(type: "text", nullable: false),
                    SubjectAttribute = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PrimaryMetric = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    GuardrailsJson = table.Column<string>(type: "text", nullable: false),
                    MinSamplesPerArm = table.Column<int>(type: "integer", nullable: false),
                    EndsAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    StoppedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DecisionVerdict = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    DecisionArm = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    DecisionReason = table.Column<string>(type: "text", nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Revision = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Experiments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FeatureFlags",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Enabled = table.Column<bool>(type: "boolean", nullable: false),
                    Variants = table.Column<string>(type: "text", nullable: false),
                    DefaultVariant = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Targeting = table.Column<string>(type: "text", nullable: false),
                    Rollout = table.Column<string>(type: "text", nullable: false),
                    SubjectAttribute = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    KillSwitchPromptKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    KillSwitchSafeVersion = table.Column<int>(type: "integer", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Revision = table.Column<int>(type: "integer", nullable: false)
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

            migrationBuilder.AlterColumn<string>(
                name: "RouteArm",
                table: "MetricRollups",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(128)",
                oldMaxLength: 128);
        }
    }
}
