using Coordi.Testing.Fakes;

namespace Coordi.Core.FunctionalTests.NumberProvisioning;

[CollectionDefinition(Name)]
public sealed class TwilioNumbersCollection : ICollectionFixture<TwilioNumbersFixture>
{
    public const string Name = "twilio-numbers";
}

/// <summary>
/// A core whose Twilio API base URL points at <see cref="FakeTwilioApi"/> and whose voice edge is at
/// <see cref="VoiceBaseUrl"/>, on its own database. Every organization's Twilio account is the fake's one account.
/// </summary>
public sealed class TwilioNumbersFixture : IAsyncLifetime
{
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string AuthToken = "0123456789abcdefABCDEF0123456789";
    public const string VoiceBaseUrl = "https://voice.coordi.test";

    private PostgresCluster? _cluster;

    public FakeTwilioApi Twilio { get; private set; } = null!;

    public CoreServer Core { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _cluster = await PostgresCluster.StartAsync();
        ConnectionString = await _cluster.CreateDatabaseAsync("numbers");
        Twilio = await FakeTwilioApi.StartAsync(AccountSid, AuthToken);
        Core = await CoreServer.StartAsync(ConnectionString, new Dictionary<string, string?>
        {
            ["Coordi:Core:TwilioApiBaseUrl"] = Twilio.BaseAddress.ToString(),
            ["Coordi:Core:VoicePublicBaseUrl"] = VoiceBaseUrl,
        });
    }

    public async Task DisposeAsync()
    {
        if (Core is not null)
        {
            await Core.DisposeAsync();
        }

        if (Twilio is not null)
        {
            await Twilio.DisposeAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    /// <summary>A new organization, acting as the portal; with its Twilio account saved unless told otherwise.</summary>
    public async Task<TenantClients> NewTenantAsync(bool withTwilio = true, string authToken = AuthToken)
    {
        var tenant = await Core.NewTenantAsync();
        if (withTwilio)
        {
            await tenant.Integrations.UpdateIntegrationsAsync(new UpdateIntegrationsRequest { TwilioAccountSid = AccountSid, TwilioAuthToken = authToken });
        }

        return tenant;
    }
}
