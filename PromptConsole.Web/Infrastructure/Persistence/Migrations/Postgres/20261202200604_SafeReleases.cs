using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PromptConsole.Web.Infrastructure.Persistence.Migrations.Postgres
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PromptKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Label = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    FromVersion = table.Column<int>(type: "integer", nullable: false),
                    ToVersion = table.Column<int>(type: "integer", nullable: false),
                    Trigger = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Reason = table.Column<string>(type: "text", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AtRollback = table.Column<string>(type: "text", nullable: false),
                    Recovery = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RecoveryReason = table.Column<string>(type: "text", nullable: true),
                    AfterRollback = table.Column<string>(type: "text", nullable: true),
                    RecoveryCheckedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AutomaticRollbacks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Canaries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PromptKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Label = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    BaselineVersion = table.Column<int>(type: "integer", nullable: false),
                    CandidateVersion = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    StepsJson = table.Column<string>(type: "text", nullable: false),
                    StepIndex = table.Column<int>(type: "integer", nullable: false),
                    StepSeconds = table.Column<double>(type: "double precision", nullable: false),
                    MinExecutionsPerStep = table.Column<int>(type: "integer", nullable: false),
                    GatesJson = table.Column<string>(type: "text", nullable: false),
                    CountersJson = table.Column<string>(type: "text", nullable: false),
                    DecisionsJson = table.Column<string>(type: "text", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    StartedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    StepStartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PreviousStepStartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    EndedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    StatusReason = table.Column<string>(type: "text", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Revision = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Canaries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "GoldenCases",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PromptKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Variables = table.Column<string>(type: "text", nullable: false),
                    Expectations = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GoldenCases", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "GoldenPolicies",
                columns: table => new
                {
                    PromptKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RequireGoldenPass = table.Column<bool>(type: "boolean", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GoldenPolicies", x => x.PromptKey);
                });

            migrationBuilder.CreateTable(
                name: "GoldenRuns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PromptKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: true),
                    Passed = table.Column<bool>(type: "boolean", nullable: false),
                    CaseCount = table.Column<int>(type: "integer", nullable: false),
                    FailedCount = table.Column<int>(type: "integer", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GoldenRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "GoldenCaseResults",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RunId = table.Column<Guid>(type: "uuid", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Passed = table.Column<bool>(type: "boolean", nullable: false),
                    Output = table.Column<string>(type: "text", nullable: true),
                    LatencyMs = table.Column<double>(type: "double precision", nullable: false),
                    ExecutionId = table.Column<Guid>(type: "uuid", nullable: true),
                    Failures = table.Column<string>(type: "text", nullable: false)
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
