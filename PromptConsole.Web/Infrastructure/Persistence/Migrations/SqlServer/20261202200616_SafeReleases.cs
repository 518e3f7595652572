using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PromptConsole.Web.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class SafeReleases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AutomaticRollbacks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PromptKey = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false, collation: "Latin1_General_100_BIN2"),
                    Label = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false, collation: "Latin1_General_100_BIN2"),
                    FromVersion = table.Column<int>(type: "int", nullable: false),
                    ToVersion = table.Column<int>(type: "int", nullable: false),
                    Trigger = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false, collation: "Latin1_General_100_BIN2"),
                    Reason = table.Column<string>(type: "nvarchar(max)", nullable: false, collation: "Latin1_General_100_BIN2"),
                    At = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    AtRollback = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Recovery = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false, collation: "Latin1_General_100_BIN2"),
                    RecoveryReason = table.Column<string>(type: "nvarchar(max)", nullable: true, collation: "Latin1_General_100_BIN2"),
                    AfterRollback = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    RecoveryCheckedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AutomaticRollbacks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Canaries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Key = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false, collation: "Latin1_General_100_BIN2"),
                    PromptKey = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false, collation: "Latin1_General_100_BIN2"),
                    Label = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false, collation: "Latin1_General_100_BIN2"),
                    BaselineVersion = table.Column<int>(type: "int", nullable: false),
                    CandidateVersion = table.Column<int>(type: "int", nullable: false),
                    Status = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false, collation: "Latin1_General_100_BIN2"),
                    StepsJson = table.Column<string>(type: "nvarchar(max)", nullable: false, collation: "Latin1_General_100_BIN2"),
                    StepIndex = table.Column<int>(type: "int", nullable: false),
                    StepSeconds = table.Column<double>(type: "float", nullable: false),
                    MinExecutionsPerStep = table.Column<int>(type: "int", nullable: false),
                    GatesJson = table.Column<string>(type: "nvarchar(max)", nullable: false, collation: "Latin1_General_100_BIN2"),
                    CountersJson = table.Column<string>(type: "nvarchar(max)", nullable: false, collation: "Latin1_General_100_BIN2"),
                    DecisionsJson = table.Column<string>(type: "nvarchar(max)", nullable: false, collation: "Latin1_General_100_BIN2"),
                    StartedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    StartedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false, collation: "Latin1_General_100_BIN2"),
                    StepStartedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    PreviousStepStartedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    EndedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    StatusReason = table.Column<string>(type: "nvarchar(max)", nullable: true, collation: "Latin1_General_100_BIN2"),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Revision = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Canaries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "GoldenCases",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PromptKey = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false, collation: "Latin1_General_100_BIN2"),
                    Name = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false, collation: "Latin1_General_100_BIN2"),
                    Variables = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Expectations = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    UpdatedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false, collation: "Latin1_General_100_BIN2")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GoldenCases", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "GoldenPolicies",
                columns: table => new
                {
                    PromptKey = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false, collation: "Latin1_General_100_BIN2"),
                    RequireGoldenPass = table.Column<bool>(type: "bit", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    UpdatedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false, collation: "Latin1_General_100_BIN2")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GoldenPolicies", x => x.PromptKey);
                });

            migrationBuilder.CreateTable(
                name: "GoldenRuns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PromptKey = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false, collation: "Latin1_General_100_BIN2"),
                    Version = table.Column<int>(type: "int", nullable: true),
                    Passed = table.Column<bool>(type: "bit", nullable: false),
                    CaseCount = table.Column<int>(type: "int", nullable: false),
                    FailedCount = table.Column<int>(type: "int", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    CompletedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Actor = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false, collation: "Latin1_General_100_BIN2")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GoldenRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "GoldenCaseResults",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    RunId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Position = table.Column<int>(type: "int", nullable: false),
                    CaseId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    CaseName = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false, collation: "Latin1_General_100_BIN2"),
                    Passed = table.Column<bool>(type: "bit", nullable: false),
                    Output = table.Column<string>(type: "nvarchar(max)", nullable: true, collation: "Latin1_General_100_BIN2"),
                    LatencyMs = table.Column<double>(type: "float", nullable: false),
                    ExecutionId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Failures = table.Column<string>(type: "nvarchar(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GoldenCaseResults", x => x.Id);
                    table.ForeignKey(
                        name: "FK_GoldenCaseResults_GoldenRuns_RunId",
                        column: x => x.RunId,
                        principalTable: "GoldenRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AutomaticRollbacks_PromptKey_At",
                table: "AutomaticRollbacks",
                columns: new[] { "PromptKey", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_AutomaticRollbacks_Recovery_At",
                table: "AutomaticRollbacks",
                columns: new[] { "Recovery", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_Canaries_Key",
                table: "Canaries",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Canaries_PromptKey_Status",
                table: "Canaries",
                columns: new[] { "PromptKey", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Canaries_Status",
                table: "Canaries",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_GoldenCaseResults_RunId",
                table: "GoldenCaseResults",
                column: "RunId");

            migrationBuilder.CreateIndex(
                name: "IX_GoldenCases_PromptKey_Name",
                table: "GoldenCases",
                columns: new[] { "PromptKey", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_GoldenRuns_PromptKey_CompletedAt",
                table: "GoldenRuns",
                columns: new[] { "PromptKey", "CompletedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_GoldenRuns_PromptKey_Version_CompletedAt",
                table: "GoldenRuns",
                columns: new[] { "PromptKey", "Version", "CompletedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AutomaticRollbacks");

            migrationBuilder.DropTable(
                name: "Canaries");

            migrationBuilder.DropTable(
                name: "GoldenCaseResults");

            migrationBuilder.DropTable(
                name: "GoldenCases");

            migrationBuilder.DropTable(
                name: "GoldenPolicies");

            migrationBuilder.DropTable(
                name: "GoldenRuns");
        }
    }
}
