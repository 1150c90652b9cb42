using System.Web;
using Coordi.Contracts;
using Google.Protobuf.WellKnownTypes;

namespace Coordi.Portal.FunctionalTests;

[Collection(PortalCollection.Name)]
public sealed class CallTests(PortalFixture fixture)
{
    [Fact]
    public async Task A_call_shows_its_conversation_recording_actions_latency_and_lead()
    {
        var owner = await Owners.NewAsync(fixture);
        var seeded = await Seed.CallWithLeadAsync(fixture.Core, owner.Core);

        var page = await owner.Client.OpenAsync($"/Calls/{seeded.Call.Id}");

        var turns = page.Document.QuerySelectorAll("#transcript li").ToList();
        Assert.Equal(3, turns.Count);
        Assert.Equal(["turn-agent", "turn-caller", "turn-agent"], turns.Select(t => t.ClassList.Single(c => c.StartsWith("turn-", StringComparison.Ordinal))));
        Assert.Contains("water heater is leaking", page.Text(turns[1]), StringComparison.Ordinal);
        Assert.Equal("Lead captured", page.Text("#call-outcome"));

        var audio = page.Document.QuerySelector("audio")!.GetAttribute("src")!;
        Assert.StartsWith(PortalFixture.VoiceBaseUrl + "/recordings?", audio, StringComparison.Ordinal);
        // The link is the core's: signed for this organization's tenant and call, and short-lived.
        var query = HttpUtility.ParseQueryString(new Uri(audio).Query);
        var signer = new RecordingLinkSigner(CoreServer.RecordingUrlSecret);
        Assert.Equal((Guid.Parse(owner.Core.TenantId), Guid.Parse(seeded.Call.Id)), signer.Verify(query["tenant"], query["call"], query["exp"], query["sig"], DateTimeOffset.UtcNow));
        Assert.Null(signer.Verify(query["tenant"], query["call"], query["exp"], query["sig"], DateTimeOffset.UtcNow.AddHours(2)));

        var tool = Assert.Single(page.Document.QuerySelectorAll("#tool-invocations li"));
        Assert.Contains("create_lead", page.Text(tool), StringComparison.Ordinal);
        Assert.Contains("0:30", page.Text(tool), StringComparison.Ordinal);
        Assert.Contains("84 ms", page.Text(tool), StringComparison.Ordinal);
        Assert.Contains("710 ms", page.Text("#latency"), StringComparison.Ordinal);
        Assert.Contains("1180 ms", page.Text("#latency"), StringComparison.Ordinal);
        Assert.Equal($"/Leads/{seeded.Lead.Id}", page.Document.QuerySelector("#call-leads a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task The_call_list_filters_by_outcome_and_text_and_pages_with_the_core_token()
    {
        var owner = await Owners.NewAsync(fixture);
        await Seed.CallWithLeadAsync(fixture.Core, owner.Core, summary: "Frozen pipe burst in the basement.");
        for (var i = 0; i < 26; i++)
        {
            var call = await owner.Core.Calls.StartCallAsync(new StartCallRequest
            {
                TwilioCallSid = TestData.CallSid(),
                FromNumber = TestData.UsNumber(),
                ToNumber = TestData.UsNumber(),
                StartedAt = Timestamp.FromDateTime(DateTime.UtcNow.AddHours(-1).AddMinutes(i)),
            });
            await owner.Core.Calls.CompleteCallAsync(new CompleteCallRequest { CallId = call.Id, Status = CallStatus.Completed, Outcome = CallOutcome.Information, DurationSeconds = 30 });
        }

        var first = await owner.Client.OpenAsync("/Calls");
        Assert.Equal(25, first.Document.QuerySelectorAll("#calls tbody tr").Length);
        var next = first.Document.QuerySelector("a[rel=next]")!.GetAttribute("href")!;
        var second = await owner.Client.OpenAsync(next);
        Assert.Equal(2, second.Document.QuerySelectorAll("#calls tbody tr").Length);
        Assert.Null(second.Document.QuerySelector("a[rel=next]"));
        Assert.NotNull(second.Document.QuerySelector(".pager a[href='/Calls']"));

        var leads = await owner.Client.OpenAsync($"/Calls?outcome={(int)CallOutcome.Lead}");
        Assert.Contains("Frozen pipe", Assert.Single(leads.Document.QuerySelectorAll("#calls tbody tr")).TextContent, StringComparison.Ordinal);
        var search = await owner.Client.OpenAsync("/Calls?q=garage");
        Assert.Single(search.Document.QuerySelectorAll("#calls tbody tr"));
        var today = DateTime.UtcNow.Date;
        var none = await owner.Client.OpenAsync($"/Calls?from={today.AddDays(-30):yyyy-MM-dd}&to={today.AddDays(-20):yyyy-MM-dd}");
        Assert.Empty(none.Document.QuerySelectorAll("#calls tbody tr"));
    }

    [Fact]
    public async Task A_backwards_date_range_is_explained_not_sent()
    {
        var owner = await Owners.NewAsync(fixture);

        var page = await owner.Client.OpenAsync("/Calls?from=2026-03-10&to=2026-03-01");

        Assert.Equal("The end date must not be before the start date.", page.FieldError("To"));
    }

    [Fact]
    public async Task The_dashboard_shows_the_cores_figures_with_a_bar_per_day()
    {
        var owner = await Owners.NewAsync(fixture);
        var seeded = await Seed.CallWithLeadAsync(fixture.Core, owner.Core);

        var week = await owner.Client.OpenAsync("/");
        var today = await owner.Client.OpenAsync("/?range=today");
        var month = await owner.Client.OpenAsync("/?range=30d");

        // Counted over the week, which holds the call whatever the local time of day is.
        Assert.Equal("1", week.Text("[data-metric=calls]"));
        Assert.Equal("1", week.Text("[data-metric=leads]"));
        Assert.Equal("100%", week.Text("[data-metric=conversion]"));
        Assert.Equal("1m 35s", week.Text("[data-metric=duration]"));
        Assert.Single(today.Document.QuerySelectorAll("svg[aria-labelledby=chart-calls-title] rect.chart-bar"));
        Assert.Equal(7, week.Document.QuerySelectorAll("svg[aria-labelledby=chart-calls-title] rect.chart-bar").Length);
        Assert.Equal(30, month.Document.QuerySelectorAll("svg[aria-labelledby=chart-leads-title] rect.chart-bar").Length);
        Assert.Equal($"/Calls/{seeded.Call.Id}", week.Document.QuerySelector("#recent-calls a")!.GetAttribute("href"));
        Assert.Equal($"/Leads/{seeded.Lead.Id}", week.Document.QuerySelector("#new-leads a")!.GetAttribute("href"));
    }
}
