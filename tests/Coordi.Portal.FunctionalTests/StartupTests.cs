namespace Coordi.Portal.FunctionalTests;

[Collection(PortalCollection.Name)]
public sealed class StartupTests(PortalFixture fixture)
{
    [Theory]
    [InlineData("Coordi:Portal:CoreCredential", "too-short", "CoreCredential")]
    [InlineData("Coordi:Portal:CoreAddress", "not a url", "CoreAddress")]
    [InlineData("Coordi:Portal:Email:From", "not-an-address", "Email")]
    public async Task The_portal_refuses_to_start_with_invalid_settings(string key, string value, string named)
    {
        await using var portal = fixture.CreatePortal(fixture.Core.GrpcAddress.ToString(), new Dictionary<string, string?> { [key] = value });

        var error = Assert.ThrowsAny<Exception>(() => portal.Services);

        Assert.Contains(named, error.ToString(), StringComparison.Ordinal);
    }
}
