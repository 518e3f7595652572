using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PromptConsole.Web.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LiveOperations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Origin",
                table: "Executions",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Api");

            migrationBuilder.AddColumn<string>(
                name: "Stages",
                table: "Executions",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "MetricRollups",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    InstanceId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Tier = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    BucketStart = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PromptKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PromptVersion = table.Column<int>(type: "integer", nullable: false),
                    RouteArm = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Model = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Count = table.Column<long>(type: "bigint", nullable: false),
                    Stats = table.Column<string>(type: "text", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MetricRollups", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MetricRollups_Tier_BucketStart_InstanceId_PromptKey_PromptV~",
                table: "MetricRollups",
                columns: new[] { "Tier", "BucketStart", "InstanceId", "PromptKey", "PromptVersion", "RouteArm", "Model" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MetricRollups_Tier_PromptKey_BucketStart",
                table: "MetricRollups",
                columns: new[] { "Tier", "PromptKey", "BucketStart" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MetricRollups");

            migrationBuilder.DropColumn(
                name: "Origin",
                table: "Executions");

            migrationBuilder.DropColumn(
                name: "Stages",
                table: "Executions");
        }
    }
}
