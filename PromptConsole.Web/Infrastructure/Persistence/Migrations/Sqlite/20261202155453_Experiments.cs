using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PromptConsole.Web.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Experiments : Migration
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Experiments");

            migrationBuilder.DropIndex(
                name: "IX_Executions_RouteKind_RouteId_StartedAt",
                table: "Executions");
        }
    }
}
