using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PromptConsole.Web.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ExecutionExplorerIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Executions_Cache_StartedAt",
                table: "Executions",
                columns: new[] { "Cache", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Executions_Model_StartedAt",
                table: "Executions",
                columns: new[] { "Model", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Executions_Origin_StartedAt",
                table: "Executions",
                columns: new[] { "Origin", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Executions_Outcome_StartedAt",
                table: "Executions",
                columns: new[] { "Outcome", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Executions_PromptKey_PromptVersion_StartedAt",
                table: "Executions",
                columns: new[] { "PromptKey", "PromptVersion", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Executions_TraceId",
                table: "Executions",
                column: "TraceId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Executions_Cache_StartedAt",
                table: "Executions");

            migrationBuilder.DropIndex(
                name: "IX_Executions_Model_StartedAt",
                table: "Executions");

            migrationBuilder.DropIndex(
                name: "IX_Executions_Origin_StartedAt",
                table: "Executions");

            migrationBuilder.DropIndex(
                name: "IX_Executions_Outcome_StartedAt",
                table: "Executions");

            migrationBuilder.DropIndex(
                name: "IX_Executions_PromptKey_PromptVersion_StartedAt",
                table: "Executions");

            migrationBuilder.DropIndex(
                name: "IX_Executions_TraceId",
                table: "Executions");
        }
    }
}
