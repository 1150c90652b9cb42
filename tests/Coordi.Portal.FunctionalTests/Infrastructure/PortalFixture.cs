using Coordi.Portal.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Coordi.Portal.FunctionalTests.Infrastructure;

/// <summary>
/// One PostgreSQL cluster, the real core and the portal per test assembly. Tests isolate themselves by signing up
/// their own organizations through the portal, as owners do.
/// </summary>
public sealed class PortalFixture : IAsyncLifetime
{
    public const string VoiceBaseUrl = "http://voice.test";

    private PostgresCluster? _cluster;

    public CoreServer Core { get; private set; } = null!;

    public PortalFactory Portal { get; private set; } = null!;

    public FakeOpenAiSpeech OpenAi { get; private set; } = null!;

    /// <summary>Stripe's API as the core reaches it; webhooks signed with its secret verify at the core.</summary>
    public Coordi.Testing.Fakes.FakeStripeApi Stripe { get; private set; } = null!;

    /// <summary>Twilio's REST API as the core reaches it, with one account (<see cref="TwilioAccountSid"/>) every organization may save.</summary>
    public Coordi.Testing.Fakes.FakeTwilioApi Twilio { get; private set; } = null!;

    public const string TwilioAccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string TwilioAuthToken = "0123456789abcdefABCDEF0123456789";

    public MailPickup Mail { get; private set; } = null!;

    public string PortalConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _cluster = await PostgresCluster.StartAsync();
        Stripe = await Coordi.Testing.Fakes.FakeStripeApi.StartAsync();
        Twilio = await Coordi.Testing.Fakes.FakeTwilioApi.StartAsync(TwilioAccountSid, TwilioAuthToken);
        var coreSettings = Stripe.CoreSettings();
        coreSettings["Coordi:Core:TwilioApiBaseUrl"] = Twilio.BaseAddress.ToString();
        coreSettings["Coordi:Core:VoicePublicBaseUrl"] = VoiceBaseUrl;
        Core = await CoreServer.StartAsync(await _cluster.CreateDatabaseAsync("coordi"), coreSettings);
        PortalConnectionString = await _cluster.CreateDatabaseAsync("coordi_portal");
        OpenAi = await FakeOpenAiSpeech.StartAsync();
        Mail = new MailPickup(Path.Combine(Path.GetTempPath(), "coordi-mail-" + Guid.NewGuid().ToString("N")[..12]));
        // Migrated before the portal starts, as "--migrate" does: its key ring is read at start-up.
        await using (var db = new DesignTimePortalDbContextFactory().CreateDbContext([]))
        {
            db.Database.SetConnectionString(PortalConnectionString);
            await db.Database.MigrateAsync();
        }

        Portal = CreatePortal(Core.GrpcAddress.ToString());
    }

    /// <summary>
    /// A portal with this fixture's database and mail folder, talking to the core at <paramref name="coreAddress"/>;
    /// <paramref name="overrides"/> replace single settings.
    /// </summary>
    public PortalFactory CreatePortal(string coreAddress, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Portal"] = PortalConnectionString,
            ["Coordi:Portal:CoreAddress"] = coreAddress,
            ["Coordi:Portal:CoreCredential"] = CoreServer.PortalCredential,
            ["Coordi:Portal:CoreTimeoutSeconds"] = "10",
            ["Coordi:Portal:PublicBaseUrl"] = "http://localhost",
            ["Coordi:Portal:VoicePublicBaseUrl"] = VoiceBaseUrl,
            ["Coordi:Portal:OpenAiBaseUrl"] = OpenAi.BaseUrl,
            ["Coordi:Portal:OpenAiApiKey"] = "",
            ["Coordi:Portal:Email:PickupDirectory"] = Mail.Directory,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return new PortalFactory(settings);
    }

    /// <summary>Runs <paramref name="use"/> against the portal's own database.</summary>
    public async Task<T> PortalDbAsync<T>(Func<PortalDbContext, Task<T>> use)
    {
        await using var scope = Portal.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }

    /// <summary>Core clients acting for an organization as the voice edge does, to put calls and leads in place.</summary>
    public TenantClients VoiceEdge(string organizationId) =>
        new(new Organization { Id = organizationId }, Core.AsService(organizationId, CoreServer.VoiceCredential));

    public async Task DisposeAsync()
    {
        if (Portal is not null)
        {
            await Portal.DisposeAsync();
        }

        if (OpenAi is not null)
        {
            await OpenAi.DisposeAsync();
        }

        if (Core is not null)
        {
            await Core.DisposeAsync();
        }

        if (Stripe is not null)
        {
            await Stripe.DisposeAsync();
        }

        if (Twilio is not null)
        {
            await Twilio.DisposeAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        Mail?.Delete();
    }
}

[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalFixture>
{
    public const string Name = "portal";
}
