using System.Diagnostics;
using Coordi.Testing;
using Npgsql;

namespace Coordi.Portal.LoadTest;

/// <summary>
/// The loaded organization is signed up through the portal, as an owner does; its neighbours through the core's
/// sign-up RPC. Their history then goes straight into the core's tables (<see cref="BulkCopy"/>).
/// </summary>
public sealed class Seeder(PortalStack stack)
{
    public const string OwnerPassword = "correct horse battery";
    private const int NeighbourCalls = 200;
    private const int NeighbourLeads = 60;

    /// <summary>The loaded organization's owner, signed in on the session.</summary>
    public string OwnerEmail { get; } = $"owner+{Guid.NewGuid():N}@example.com";

    public async Task<string> SeedAsync(PortalSession session, LoadOptions options)
    {
        var clock = Stopwatch.StartNew();
        var name = "Barton Creek Plumbing " + Guid.NewGuid().ToString("N")[..6];
        await session.SignUpAsync(name, OwnerEmail, OwnerPassword);

        await using var connection = new NpgsqlConnection(stack.CoreConnectionString);
        await connection.OpenAsync();
        Guid tenantId;
        await using (var find = new NpgsqlCommand("SELECT id FROM organizations WHERE name = $1", connection) { Parameters = { new() { Value = name } } })
        {
            tenantId = (Guid)(await find.ExecuteScalarAsync() ?? throw new InvalidOperationException("The signed-up organization is not in the core."));
        }

        var now = DateTime.UtcNow;
        var big = SeedData.Generate(tenantId, options.Calls, options.Leads, now, seed: 1);
        await BulkCopy.WriteAsync(connection, tenantId, big);

        var organizations = new OrganizationService.OrganizationServiceClient(stack.Core.AsService(null));
        for (var i = 1; i <= options.Neighbours; i++)
        {
            var neighbour = await organizations.CreateOrganizationAsync(new CreateOrganizationRequest
            {
                Name = $"Neighbour Plumbing {i}",
                OwnerEmail = $"owner+{Guid.NewGuid():N}@example.com",
                TimeZone = i % 2 == 0 ? "America/New_York" : "America/Chicago",
                RequestId = Guid.NewGuid().ToString(),
            });
            var id = Guid.Parse(neighbour.Id);
            await BulkCopy.WriteAsync(connection, id, SeedData.Generate(id, NeighbourCalls, NeighbourLeads, now, seed: 1 + i));
        }

        Console.Error.WriteLine($"Seeded in {clock.Elapsed.TotalSeconds:F1} s.");
        return $"one organization with {big.Calls.Count} calls over 30 days ({big.Turns.Count} transcript turns on {big.Turns.Select(t => t.CallId).Distinct().Count()} calls, "
            + $"{big.Tools.Count} tool invocations), {big.Leads.Count} leads ({big.LeadChanges.Count} status changes) and {big.Appointments.Count} booked appointments; "
            + $"{options.Neighbours} other organizations with {NeighbourCalls} calls and {NeighbourLeads} leads each";
    }
}
