using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PromptConsole.Web.Infrastructure.Persistence.Migrations.Postgres
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ExecutionId = table.Column<Guid>(type: "uuid", nullable: false),
                    PromptKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PromptVersion = table.Column<int>(type: "integer", nullable: false),
                    Tenant = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Similarity = table.Column<double>(type: "double precision", nullable: false),
                    Kind = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    AnswerSimilarity = table.Column<double>(type: "double precision", nullable: true),
                    MarkedWrongAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    MarkedWrongBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
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
