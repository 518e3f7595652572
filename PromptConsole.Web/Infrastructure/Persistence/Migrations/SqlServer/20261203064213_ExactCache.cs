using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PromptConsole.Web.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ExactCache : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "ExactCacheEnabled",
                table: "Prompts",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "ExactCacheTtlSeconds",
                table: "Prompts",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "CacheTier",
                table: "Executions",
                type: "nvarchar(8)",
                maxLength: 8,
                nullable: true,
                collation: "Latin1_General_100_BIN2");

            migrationBuilder.AddColumn<decimal>(
                name: "SavedCostUsd",
                table: "Executions",
                type: "decimal(18,8)",
                precision: 18,
                scale: 8,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<int>(
                name: "SavedTokens",
                table: "Executions",
                type: "int",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ExactCacheEnabled",
                table: "Prompts");

            migrationBuilder.DropColumn(
                name: "ExactCacheTtlSeconds",
                table: "Prompts");

            migrationBuilder.DropColumn(
                name: "CacheTier",
                table: "Executions");

            migrationBuilder.DropColumn(
                name: "SavedCostUsd",
                table: "Executions");

            migrationBuilder.DropColumn(
                name: "SavedTokens",
                table: "Executions");
        }
    }
}
