using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PromptConsole.Web.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AutomaticRollbacks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AutomaticRollbacks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PromptKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    FromVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    ToVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    Trigger = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    AtRollback = table.Column<string>(type: "TEXT", nullable: false),
                    Recovery = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RecoveryReason = table.Column<string>(type: "TEXT", nullable: true),
                    AfterRollback = table.Column<string>(type: "TEXT", nullable: true),
                    RecoveryCheckedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AutomaticRollbacks", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AutomaticRollbacks_PromptKey_At",
                table: "AutomaticRollbacks",
                columns: new[] { "PromptKey", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_AutomaticRollbacks_Recovery_At",
                table: "AutomaticRollbacks",
                columns: new[] { "Recovery", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AutomaticRollbacks");
        }
    }
}
