namespace Coordi.Portal.FunctionalTests;

[Collection(PortalCollection.Name)]
public sealed class SettingsTests(PortalFixture fixture)
{
    [Fact]
    public async Task Time_zone_and_recording_are_saved_to_the_organization()
    {
        var owner = await Owners.NewAsync(fixture);
        var page = await owner.Client.OpenAsync("/Settings");
        Assert.NotNull(page.Document.QuerySelector("#Input_RecordingEnabled[checked]"));

        var saved = await owner.Client.SubmitAsync(page, "#settings-form", new Dictionary<string, string>
        {
            ["Input.Name"] = "Acme Plumbing of Denver",
            ["Input.TimeZone"] = "America/Denver",
            ["Input.RecordingEnabled"] = "false",
        });

        Assert.Contains("Settings saved.", saved.Text("main"), StringComparison.Ordinal);
        var organization = await owner.Core.Organizations.GetOrganizationAsync(new GetOrganizationRequest());
        Assert.Equal(("Acme Plumbing of Denver", "America/Denver", false), (organization.Name, organization.TimeZone, organization.RecordingEnabled));
        Assert.Null(saved.Document.QuerySelector("#Input_RecordingEnabled[checked]"));
        Assert.Equal("America/Denver", saved.Document.QuerySelector("#Input_TimeZone option[selected]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task Settings_need_a_name_and_a_known_time_zone()
    {
        var owner = await Owners.NewAsync(fixture);
        var page = await owner.Client.OpenAsync("/Settings");

        var after = await owner.Client.SubmitAsync(page, "#settings-form", new Dictionary<string, string> { ["Input.Name"] = "", ["Input.TimeZone"] = "Mars/Olympus" });

        Assert.Equal("Enter the organization's name.", after.FieldError("Input.Name"));
        Assert.Equal("Choose a time zone from the list.", after.FieldError("Input.TimeZone"));
        Assert.Equal("America/Chicago", (await owner.Core.Organizations.GetOrganizationAsync(new GetOrganizationRequest())).TimeZone);
    }
}
