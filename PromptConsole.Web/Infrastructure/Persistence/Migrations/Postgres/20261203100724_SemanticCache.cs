using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PromptConsole.Web.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SemanticCache : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SemanticCache",
                table: "Prompts",
                type: "text",
                nullable: false,
                defaultValueSql: "'{\"mode\":\"Off\",\"threshold\":0.92,\"ttlSeconds\":86400,\"maxEntries\":10000,\"verificationRate\":0.05,\"agreement\":{\"method\":\"Embedding\",\"threshold\":0.95},\"variables\":{}}'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SemanticCache",
                table: "Prompts");
        }
    }
}
