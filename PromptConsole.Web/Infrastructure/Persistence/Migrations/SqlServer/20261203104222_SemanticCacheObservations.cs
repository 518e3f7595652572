using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PromptConsole.Web.Infrastructure.Persistence.Migrations.SqlServer
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
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ExecutionId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PromptKey = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false, collation: "Latin1_General_100_BIN2"),
                    PromptVersion = table.Column<int>(type: "int", nullable: false),
                    Tenant = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true, collation: "Latin1_General_100_BIN2"),
                    At = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Similarity = table.Column<double>(type: "float", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(24)", maxLength: 24, nullable: false, collation: "Latin1_General_100_BIN2"),
                    AnswerSimilarity = table.Column<double>(type: "float", nullable: true),
                    MarkedWrongAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    MarkedWrongBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true, collation: "Latin1_General_100_BIN2")
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
