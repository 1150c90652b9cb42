using System.Net;
using System.Text;
using Coordi.Testing.Fakes;
using Coordi.Testing.Logging;

namespace Coordi.Portal.FunctionalTests;

/// <summary>
/// Bad form posts, query values, links and Stripe deliveries are the sender's mistake: the portal answers each with a
/// page or a 4xx, and neither the portal nor the core behind it logs an Error, a Critical entry or a stack trace
/// (ADR 022). Every request is awaited before the logs are read, so what it logged is in place.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class BadInputLogTests(PortalFixture fixture)
{
    private const string Nul = "\u0000";

    [Fact]
    public async Task Bad_links_and_query_values_are_answered_without_an_error_in_any_log()
    {
        var owner = await Owners.NewAsync(fixture);
        var (portalLogged, coreLogged) = (fixture.Portal.Logs.Checkpoint(), fixture.Core.Logs.Checkpoint());
        var unknown = Guid.NewGuid();
        var answers = new List<(string Url, HttpStatusCode Status)>();

        foreach (var url in new[]
        {
            "/Leads?status=%00&from=9999-99-99&to=yesterday&q=%00%01&pageToken=%00garbage",
            "/Leads?pageToken=!!!!&status=Nope",
            "/Leads?from=0001-01-01&to=9999-12-31",
            "/Leads?handler=Export&from=%00",
            "/Calls?from=0000-00-00&outcome=999&pageToken=%FF",
            "/Calls?outcome=NotAnOutcome&q=" + Uri.EscapeDataString(new string('x', 5000)),
            "/?range=%00",
            "/?range=" + Uri.EscapeDataString(new string('9', 300)),
            "/ApiKeys?showRevoked=maybe",
            "/Billing?checkout=%00",
            $"/Leads/{unknown}",
            $"/Calls/{unknown}",
            "/Leads/not-a-lead",
            "/Agent?handler=Audio&key=../../etc/passwd",
            "/Agent?handler=Audio&key=%00",
            "/Error/99999999999999",
        })
        {
            answers.Add((url, (await owner.Client.GetAsync(url)).Status));
        }

        using var visitor = fixture.Portal.NewClient();
        foreach (var url in new[]
        {
            "/Account/Login?ReturnUrl=https%3A%2F%2Fevil.test%2F",
            "/Account/ConfirmEmail?userId=%00&token=x",
            $"/Account/ConfirmEmail?userId={unknown}&token=%%%",
            "/Account/AcceptInvite?token=%00",
            "/Account/AcceptInvite?token=" + new string('A', 4000),
            "/Account/ResetPassword?email=a%40%40b&token=%00",
        })
        {
            answers.Add((url, (await visitor.GetAsync(url)).Status));
        }

        LogAssert.NoAlarmsSince("bad links and query values", ("portal", fixture.Portal.Logs, portalLogged), ("core", fixture.Core.Logs, coreLogged));
        AssertNoServerErrors(answers);
    }

    [Fact]
    public async Task Bad_form_posts_are_answered_without_an_error_in_any_log()
    {
        var owner = await Owners.NewAsync(fixture);
        var lead = await Seed.LeadAsync(owner.Core, "Dana Smith");
        var (portalLogged, coreLogged) = (fixture.Portal.Logs.Checkpoint(), fixture.Core.Logs.Checkpoint());
        var answers = new List<(string Url, HttpStatusCode Status)>();
        var oversize = new string('x', 100_000);

        // No antiforgery token.
        answers.Add(("/Team (no token)", (await owner.Client.PostRawAsync("/Team?handler=Invite", [new("Input.Email", "sam@example.com")])).Status));

        var leadPage = await owner.Client.OpenAsync($"/Leads/{lead.Id}");
        foreach (var values in new Dictionary<string, string>[]
        {
            new() { ["Edit.Name"] = "Dana" + Nul, ["Edit.Notes"] = "gate" + Nul + "code" },
            new() { ["Edit.Name"] = oversize, ["Edit.Address"] = oversize, ["Edit.Phone"] = oversize },
            new() { ["Edit.Urgency"] = "Apocalyptic", ["Edit.Email"] = "mailto:" + Nul },
        })
        {
            answers.Add(($"/Leads/{lead.Id} (edit)", (await owner.Client.SubmitAsync(leadPage, "#lead-form", values)).Status));
        }

        answers.Add(($"/Leads/{lead.Id} (status)", (await owner.Client.SubmitAsync(leadPage, "#status-form", new Dictionary<string, string> { ["NewStatus"] = "Exploded" })).Status));

        var team = await owner.Client.OpenAsync("/Team");
        answers.Add(("/Team (invite)", (await owner.Client.SubmitAsync(team, "#invite-form", new Dictionary<string, string> { ["Input.Email"] = "sam" + Nul + "@example.com", ["Input.Role"] = "Emperor" })).Status));

        using var visitor = fixture.Portal.NewClient();
        var signUp = await visitor.OpenAsync("/Account/SignUp");
        answers.Add(("/Account/SignUp", (await visitor.SubmitAsync(signUp, "main form", new Dictionary<string, string>
        {
            ["Input.Name"] = "Pat" + Nul,
            ["Input.Email"] = Owners.NewEmail() + Nul,
            ["Input.Password"] = oversize,
            ["Input.OrganizationName"] = oversize,
            ["Input.TimeZone"] = "Mars/Olympus_Mons",
        })).Status));
        var login = await visitor.OpenAsync("/Account/Login");
        answers.Add(("/Account/Login", (await visitor.SubmitAsync(login, "main form", new Dictionary<string, string> { ["Input.Email"] = Nul, ["Input.Password"] = Nul })).Status));
        var forgot = await visitor.OpenAsync("/Account/ForgotPassword");
        answers.Add(("/Account/ForgotPassword", (await visitor.SubmitAsync(forgot, "main form", new Dictionary<string, string> { ["Input.Email"] = oversize + "@example.com" })).Status));

        Assert.Equal("Dana Smith", (await owner.Core.Leads.GetLeadAsync(new GetLeadRequest { Id = lead.Id })).Name);
        LogAssert.NoAlarmsSince("bad form posts", ("portal", fixture.Portal.Logs, portalLogged), ("core", fixture.Core.Logs, coreLogged));
        AssertNoServerErrors(answers);
    }

    [Fact]
    public async Task Bad_stripe_deliveries_are_refused_without_an_error_in_any_log()
    {
        var (portalLogged, coreLogged) = (fixture.Portal.Logs.Checkpoint(), fixture.Core.Logs.Checkpoint());
        var unknownType = fixture.Stripe.Event("customer.subscription.updated", new System.Text.Json.Nodes.JsonObject { ["id"] = Nul, ["object"] = "subscription", ["customer"] = 42 });
        var answers = new List<(string Url, HttpStatusCode Status)>();

        foreach (var (label, body, secret) in new (string, string, string?)[]
        {
            ("unsigned", unknownType.Json, null),
            ("forged", unknownType.Json, "whsec_forged"),
            ("not json", "this is not json", FakeStripeApi.WebhookSecret),
            ("cut short", "{\"id\": \"evt_1\", \"object\": ", FakeStripeApi.WebhookSecret),
            ("empty", "", FakeStripeApi.WebhookSecret),
            ("odd subscription", unknownType.Json, FakeStripeApi.WebhookSecret),
            ("oversize", "{\"padding\":\"" + new string(' ', 300 * 1024) + "\"}", FakeStripeApi.WebhookSecret),
        })
        {
            answers.Add(($"stripe {label}", (await StripeDeliveries.DeliverAsync(fixture.Portal, body, secret)).Status));
        }

        using var raw = new HttpClient(fixture.Portal.Server.CreateHandler()) { BaseAddress = fixture.Portal.Server.BaseAddress };
        answers.Add(("stripe form body", (await raw.PostAsync("/stripe/webhook", new StringContent("a=b", Encoding.UTF8, "application/x-www-form-urlencoded"))).StatusCode));
        answers.Add(("stripe GET", (await raw.GetAsync("/stripe/webhook")).StatusCode));

        LogAssert.NoAlarmsSince("bad Stripe deliveries", ("portal", fixture.Portal.Logs, portalLogged), ("core", fixture.Core.Logs, coreLogged));
        AssertNoServerErrors(answers);
    }

    private static void AssertNoServerErrors(List<(string Url, HttpStatusCode Status)> answers)
    {
        var failed = answers.Where(a => (int)a.Status >= 500).Select(a => $"{a.Url}: {(int)a.Status}").ToList();
        Assert.True(failed.Count == 0, "Answered with a server error: " + string.Join("; ", failed));
    }
}
