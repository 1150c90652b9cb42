using System.Net;
using Google.Protobuf.WellKnownTypes;

namespace Coordi.Portal.FunctionalTests;

[Collection(PortalCollection.Name)]
public sealed class LeadTests(PortalFixture fixture)
{
    [Fact]
    public async Task Changing_a_leads_status_is_saved_in_the_core_and_shown_in_its_history()
    {
        var owner = await Owners.NewAsync(fixture);
        var lead = await Seed.LeadAsync(owner.Core, "Dana Smith");
        var page = await owner.Client.OpenAsync($"/Leads/{lead.Id}");

        var after = await owner.Client.SubmitAsync(page, "#status-form", new Dictionary<string, string> { ["NewStatus"] = "Contacted" });

        Assert.Equal($"/Leads/{lead.Id}", after.Url.AbsolutePath);
        Assert.Equal("Contacted", after.Text("#lead-status"));
        Assert.Contains("Status changed to Contacted.", after.Text("main"), StringComparison.Ordinal);
        var row = after.Text(Assert.Single(after.Document.QuerySelectorAll("#history tbody tr")));
        Assert.Contains("status: New → Contacted", row, StringComparison.Ordinal);
        Assert.Contains(owner.Email, row, StringComparison.Ordinal);
        var stored = await owner.Core.Leads.GetLeadAsync(new GetLeadRequest { Id = lead.Id });
        Assert.Equal(LeadStatus.Contacted, stored.Status);
        Assert.Equal(owner.Email, Assert.Single(stored.History).ChangedBy);
    }

    [Fact]
    public async Task Editing_fields_and_notes_records_only_what_changed()
    {
        var owner = await Owners.NewAsync(fixture);
        var lead = await Seed.LeadAsync(owner.Core, "Dana Smith");
        var page = await owner.Client.OpenAsync($"/Leads/{lead.Id}");

        var after = await owner.Client.SubmitAsync(page, "#lead-form", new Dictionary<string, string>
        {
            ["Edit.Phone"] = "(512) 555-0199",
            ["Edit.Notes"] = "Prefers a call after 5pm. Gate code 4411.",
            ["Edit.Urgency"] = "Emergency",
        });

        Assert.Contains("Lead saved.", after.Text("main"), StringComparison.Ordinal);
        var stored = await owner.Core.Leads.GetLeadAsync(new GetLeadRequest { Id = lead.Id });
        Assert.Equal("+15125550199", stored.Phone);
        Assert.Equal("Prefers a call after 5pm. Gate code 4411.", stored.Notes);
        Assert.Equal(Urgency.Emergency, stored.Urgency);
        Assert.Equal(["notes", "phone", "urgency"], stored.History.Select(h => h.Field).Order(StringComparer.Ordinal));
        Assert.Equal("Prefers a call after 5pm. Gate code 4411.", after.Document.QuerySelector("#Edit_Notes")!.TextContent.Trim());
    }

    [Fact]
    public async Task An_invalid_edit_explains_itself_and_saves_nothing()
    {
        var owner = await Owners.NewAsync(fixture);
        var lead = await Seed.LeadAsync(owner.Core, "Dana Smith");
        var page = await owner.Client.OpenAsync($"/Leads/{lead.Id}");

        var after = await owner.Client.SubmitAsync(page, "#lead-form", new Dictionary<string, string>
        {
            ["Edit.Name"] = "",
            ["Edit.Phone"] = "12",
            ["Edit.Email"] = "dana-at-example",
        });

        Assert.Equal(HttpStatusCode.OK, after.Status);
        Assert.Equal("Enter the lead's name.", after.FieldError("Edit.Name"));
        Assert.Equal("Enter a valid phone number, e.g. (512) 555-0143.", after.FieldError("Edit.Phone"));
        Assert.Equal(Coordi.Portal.Forms.ValidEmailAttribute.Message, after.FieldError("Edit.Email"));
        Assert.Empty((await owner.Core.Leads.GetLeadAsync(new GetLeadRequest { Id = lead.Id })).History);
    }

    [Fact]
    public async Task Leads_are_listed_by_status()
    {
        var owner = await Owners.NewAsync(fixture);
        var won = await Seed.LeadAsync(owner.Core, "Winnie Won");
        await Seed.LeadAsync(owner.Core, "Nora New");
        await SetStatus(owner, won.Id, LeadStatus.Won);

        var all = await owner.Client.OpenAsync("/Leads");
        var wonTab = await owner.Client.OpenAsync("/Leads?status=won");
        var newTab = await owner.Client.OpenAsync("/Leads?status=new");

        Assert.Equal(2, all.Document.QuerySelectorAll("#leads tbody tr").Length);
        Assert.Equal("Winnie Won", wonTab.Text("#leads tbody tr td a"));
        Assert.Single(wonTab.Document.QuerySelectorAll("#leads tbody tr"));
        Assert.Equal("Nora New", newTab.Text("#leads tbody tr td a"));
        Assert.Equal("Won", wonTab.Text(".tabs a[aria-current]"));
        Assert.Single((await owner.Client.OpenAsync("/Leads?q=winnie")).Document.QuerySelectorAll("#leads tbody tr"));
    }

    [Fact]
    public async Task The_csv_export_holds_the_filtered_leads_and_defuses_formulas()
    {
        var owner = await Owners.NewAsync(fixture);
        var contacted = await Seed.LeadAsync(owner.Core, "=HYPERLINK(\"http://evil.test\",\"Click\")", "Roof, gutters");
        await Seed.LeadAsync(owner.Core, "Nora New");
        await SetStatus(owner, contacted.Id, LeadStatus.Contacted);

        var response = await owner.Client.Http.GetAsync("/Leads?handler=Csv&status=contacted");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition!.ToString(), StringComparison.Ordinal);
        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,created,status,name,phone,email,address,service,urgency,source,notes,call_id", lines[0]);
        var row = Assert.Single(lines.Skip(1));
        Assert.StartsWith(contacted.Id + ",", row, StringComparison.Ordinal);
        Assert.Contains(",Contacted,\"'=HYPERLINK(\"\"http://evil.test\"\",\"\"Click\"\")\"," + contacted.Phone + ",", row, StringComparison.Ordinal);
        Assert.Contains(",\"Roof, gutters\",", row, StringComparison.Ordinal);
        Assert.DoesNotContain("Nora New", string.Join('\n', lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_leads_appointments_are_shown_with_it()
    {
        var owner = await Owners.NewAsync(fixture);
        var lead = await Seed.LeadAsync(owner.Core, "Dana Smith");
        var availability = await owner.Core.Appointments.GetAvailabilityAsync(new GetAvailabilityRequest
        {
            From = Timestamp.FromDateTime(DateTime.UtcNow),
            To = Timestamp.FromDateTime(DateTime.UtcNow.AddDays(14)),
            MaxSlots = 1,
        });
        var slot = Assert.Single(availability.Slots);
        await owner.Core.Appointments.BookAppointmentAsync(new BookAppointmentRequest { RequestId = Guid.NewGuid().ToString(), Start = slot.Start, LeadId = lead.Id, Notes = "Bring the ladder" });

        var page = await owner.Client.OpenAsync($"/Leads/{lead.Id}");

        var appointment = page.Text(Assert.Single(page.Document.QuerySelectorAll("#appointments li")));
        Assert.Contains("Booked", appointment, StringComparison.Ordinal);
        Assert.Contains("Bring the ladder", appointment, StringComparison.Ordinal);
        var local = DateTimeOffset.Parse(slot.LocalStart, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(local.ToString("MMM d, yyyy h:mm tt", System.Globalization.CultureInfo.InvariantCulture), appointment, StringComparison.Ordinal);
    }

    private static async Task SetStatus(Owner owner, string leadId, LeadStatus status)
    {
        var page = await owner.Client.OpenAsync($"/Leads/{leadId}");
        await owner.Client.SubmitAsync(page, "#status-form", new Dictionary<string, string> { ["NewStatus"] = status.ToString() });
    }
}
