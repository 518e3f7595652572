using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PromptConsole.Web.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AutomatedScores : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AutomatedEvaluator",
                table: "Executions",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "AutomatedScore",
                table: "Executions",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "AutomatedScoreAt",
                table: "Executions",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AutomatedEvaluator",
                table: "Executions");

            migrationBuilder.DropColumn(
                name: "AutomatedScore",
                table: "Executions");

            migrationBuilder.DropColumn(
                name: "AutomatedScoreAt",
                table: "Executions");
        }
    }
}
