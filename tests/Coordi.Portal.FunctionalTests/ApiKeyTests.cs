using Grpc.Core;

namespace Coordi.Portal.FunctionalTests;

[Collection(PortalCollection.Name)]
public sealed class ApiKeyTests(PortalFixture fixture)
{
    [Fact]
    public async Task A_new_key_is_shown_once_works_at_the_core_and_stops_working_when_revoked()
    {
        var owner = await Owners.NewAsync(fixture);
        var page = await owner.Client.OpenAsync("/ApiKeys");

        var created = await owner.Client.SubmitAsync(page, "#create-key-form", new Dictionary<string, string> { ["Input.Name"] = "CRM sync", ["Input.Scope"] = "Read" });

        var secret = created.Value("#new-key-secret")!;
        Assert.StartsWith("cdk_", secret, StringComparison.Ordinal);
        Assert.True(created.Response.Headers.CacheControl!.NoStore);
        var leads = new LeadService.LeadServiceClient(fixture.Core.AsPartner(secret));
        Assert.NotNull(await leads.ListLeadsAsync(new ListLeadsRequest()));

        var later = await owner.Client.OpenAsync("/ApiKeys");
        Assert.DoesNotContain(secret, later.Body, StringComparison.Ordinal);
        Assert.Null(later.Document.QuerySelector("#new-key-secret"));
        var row = later.Text(Assert.Single(later.Document.QuerySelectorAll("#keys tbody tr")));
        Assert.Contains("CRM sync", row, StringComparison.Ordinal);
        Assert.Contains(secret[..8], row, StringComparison.Ordinal);
        Assert.Contains("Read only", row, StringComparison.Ordinal);
        Assert.DoesNotContain("Never", row, StringComparison.Ordinal);

        var revoked = await owner.Client.SubmitAsync(later, "#keys form");
        Assert.Contains("revoked", revoked.Text("main"), StringComparison.Ordinal);
        Assert.Empty(revoked.Document.QuerySelectorAll("#keys tbody tr"));
        Assert.Contains("Revoked", (await owner.Client.OpenAsync("/ApiKeys?showRevoked=true")).Text("#keys"), StringComparison.Ordinal);
        var refused = await Assert.ThrowsAsync<RpcException>(() => leads.ListLeadsAsync(new ListLeadsRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
    }

    [Fact]
    public async Task A_key_needs_a_name()
    {
        var owner = await Owners.NewAsync(fixture);
        var page = await owner.Client.OpenAsync("/ApiKeys");

        var after = await owner.Client.SubmitAsync(page, "#create-key-form", new Dictionary<string, string> { ["Input.Name"] = "" });

        Assert.StartsWith("Name the key", after.FieldError("Input.Name"), StringComparison.Ordinal);
        Assert.Null(after.Document.QuerySelector("#new-key-secret"));
        Assert.Empty((await owner.Core.ApiKeys.ListApiKeysAsync(new ListApiKeysRequest())).ApiKeys);
    }
}
