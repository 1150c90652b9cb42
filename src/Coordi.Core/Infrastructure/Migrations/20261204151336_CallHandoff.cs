using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Coordi.Core.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class CallHandoff : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "handoff",
                table: "calls",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "handoff_reason",
                table: "calls",
                type: "character varying(500)",
                maxLength: 500,
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "handoff",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "handoff_reason",
                table: "calls");
        }
    }
}
