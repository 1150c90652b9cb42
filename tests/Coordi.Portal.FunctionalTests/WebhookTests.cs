using System.Net;

namespace Coordi.Portal.FunctionalTests;

[Collection(PortalCollection.Name)]
public sealed class WebhookTests(PortalFixture fixture) : IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task An_owner_adds_an_endpoint_sees_its_deliveries_and_retries_one()
    {
        var owner = await Owners.NewAsync(fixture, "Hooked Plumbing");
        var page = await owner.Client.OpenAsync("/Webhooks");
        var url = _receiver.Url("portal");

        var created = await owner.Client.SubmitAsync(page, "#create-endpoint-form", new Dictionary<string, string> { ["Input.Url"] = url, ["Input.Description"] = "CRM" });

        var secret = created.Value("#new-endpoint-secret")!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.True(created.Response.Headers.CacheControl!.NoStore);
        Assert.Contains(url, created.Text("#endpoints"), StringComparison.Ordinal);

        await owner.Core.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = "hook-1", Name = "Hook Lead", Phone = TestData.UsNumber() });
        var delivered = await Eventually.GetAsync(() => owner.Client.OpenAsync("/Webhooks"),
            p => p.Text("#deliveries").Contains("Delivered", StringComparison.Ordinal), "the delivery to show as delivered");
        var row = delivered.Text(Assert.Single(delivered.Document.QuerySelectorAll("#deliveries tbody tr")));
        Assert.Contains("lead.created", row, StringComparison.Ordinal);
        Assert.Contains("200", row, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, delivered.Body, StringComparison.Ordinal);

        var retried = await owner.Client.SubmitAsync(delivered, "#deliveries form");

        Assert.Contains("sent again", retried.Text("main"), StringComparison.Ordinal);
        await Eventually.UntilAsync(() => _receiver.For("portal").Count == 2, "the retried delivery");
        Assert.Single(_receiver.For("portal").Select(r => r.EventId).Distinct());
    }

    [Fact]
    public async Task Members_can_neither_see_nor_change_webhooks()
    {
        var owner = await Owners.NewAsync(fixture);
        var memberEmail = Owners.NewEmail("member");
        var team = await owner.Client.OpenAsync("/Team");
        await owner.Client.SubmitAsync(team, "#invite-form", new Dictionary<string, string> { ["Input.Email"] = memberEmail, ["Input.Role"] = "Member" });
        using var member = fixture.Portal.NewClient();
        var accept = await member.OpenAsync(fixture.Mail.LinkTo(memberEmail, "/Account/AcceptInvite"));
        var dashboard = await member.SubmitAsync(accept, "main form", new Dictionary<string, string> { ["Input.Name"] = "Sam Member", ["Input.Password"] = Owners.Password });

        var page = await member.GetAsync("/Webhooks");
        var token = dashboard.Value("form.signout input[name=__RequestVerificationToken]")!;
        var post = await member.PostRawAsync("/Webhooks?handler=Create", [new("__RequestVerificationToken", token), new("Input.Url", _receiver.Url("member"))]);

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.DoesNotContain("/Webhooks", dashboard.Document.QuerySelectorAll("nav[aria-label=Main] a").Select(a => a.GetAttribute("href")));
        Assert.Equal(HttpStatusCode.Forbidden, post.Status);
        Assert.Empty((await owner.Core.Webhooks.ListWebhookEndpointsAsync(new ListWebhookEndpointsRequest())).Endpoints);
    }

    [Fact]
    public async Task An_http_address_elsewhere_is_refused_with_the_reason()
    {
        var owner = await Owners.NewAsync(fixture);
        var page = await owner.Client.OpenAsync("/Webhooks");

        var after = await owner.Client.SubmitAsync(page, "#create-endpoint-form", new Dictionary<string, string> { ["Input.Url"] = "http://hooks.example.com/coordi" });

        Assert.Contains("https", after.FieldError("Input.Url"), StringComparison.Ordinal);
        Assert.Null(after.Document.QuerySelector("#new-endpoint-secret"));
        Assert.Empty((await owner.Core.Webhooks.ListWebhookEndpointsAsync(new ListWebhookEndpointsRequest())).Endpoints);
    }
}
