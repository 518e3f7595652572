using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PromptConsole.Web.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SemanticCacheObservations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "semantic_cache_observations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ExecutionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PromptKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PromptVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    Tenant = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Similarity = table.Column<double>(type: "REAL", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    AnswerSimilarity = table.Column<double>(type: "REAL", nullable: true),
                    MarkedWrongAt = table.Column<long>(type: "INTEGER", nullable: true),
                    MarkedWrongBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_semantic_cache_observations", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_semantic_cache_observations_ExecutionId",
                table: "semantic_cache_observations",
                column: "ExecutionId");

            migrationBuilder.CreateIndex(
                name: "IX_semantic_cache_observations_PromptKey_PromptVersion",
                table: "semantic_cache_observations",
                columns: new[] { "PromptKey", "PromptVersion" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "semantic_cache_observations");
        }
    }
}
