using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Coordi.Core.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class EventRetention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "pruned_through",
                table: "event_sequences",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateIndex(
                name: "ix_events_occurred_at",
                table: "events",
                column: "occurred_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_events_occurred_at",
                table: "events");

            migrationBuilder.DropColumn(
                name: "pruned_through",
                table: "event_sequences");
        }
    }
}
