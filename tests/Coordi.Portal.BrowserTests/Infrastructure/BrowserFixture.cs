using Coordi.Portal.Infrastructure;
using Coordi.Testing.Fakes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Coordi.Portal.BrowserTests.Infrastructure;

/// <summary>
/// Everything a browser test needs, once per test assembly: PostgreSQL, the real core, the real voice edge (which
/// serves recordings), a fake of OpenAI's speech endpoint, the portal on a real port, and one headless Chromium.
/// Each test gets a fresh browser context (its own cookies) and signs up its own organization.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Debian's Chromium; Playwright drives it as is, no browser download.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private PostgresCluster? _cluster;
    private FakeTwilioApi? _twilio;
    private RealtimeEmulator? _realtime;
    private IPlaywright? _playwright;

    public CoreServer Core { get; private set; } = null!;

    public VoiceServer Voice { get; private set; } = null!;

    public KestrelPortal Portal { get; private set; } = null!;

    public FakeOpenAiSpeech OpenAi { get; private set; } = null!;

    public MailPickup Mail { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _cluster = await PostgresCluster.StartAsync();
        // The core signs recording links to the voice edge's public address, so the edge's port is chosen first.
        var voicePort = PostgresCluster.FreePort();
        Core = await CoreServer.StartAsync(await _cluster.CreateDatabaseAsync("coordi"), new Dictionary<string, string?>
        {
            ["Coordi:Core:VoicePublicBaseUrl"] = $"http://127.0.0.1:{voicePort}",
        });
        var portalDatabase = await _cluster.CreateDatabaseAsync("coordi_portal");
        OpenAi = await FakeOpenAiSpeech.StartAsync();
        Mail = new MailPickup(Path.Combine(Path.GetTempPath(), "coordi-mail-" + Guid.NewGuid().ToString("N")[..12]));
        _twilio = await FakeTwilioApi.StartAsync(VoiceServer.TwilioAccountSid, VoiceServer.TwilioAuthToken);
        _realtime = await RealtimeEmulator.StartAsync(VoiceServer.OpenAiApiKey, VoiceServer.OpenAiModel);
        Voice = await VoiceServer.StartAsync(Core.GrpcAddress, _twilio, _realtime, port: voicePort);

        // Migrated before the portal starts, as "--migrate" does: its key ring is read at start-up.
        await using (var db = new DesignTimePortalDbContextFactory().CreateDbContext([]))
        {
            db.Database.SetConnectionString(portalDatabase);
            await db.Database.MigrateAsync();
        }

        Portal = new KestrelPortal(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Portal"] = portalDatabase,
            // Its own listener on a free port too; the browser uses the loopback one the factory adds.
            ["Coordi:Portal:Port"] = "0",
            ["Coordi:Portal:CoreAddress"] = Core.GrpcAddress.ToString(),
            ["Coordi:Portal:CoreCredential"] = CoreServer.PortalCredential,
            ["Coordi:Portal:CoreTimeoutSeconds"] = "10",
            ["Coordi:Portal:PublicBaseUrl"] = "http://localhost",
            ["Coordi:Portal:VoicePublicBaseUrl"] = Voice.BaseAddress.ToString(),
            ["Coordi:Portal:OpenAiBaseUrl"] = OpenAi.BaseUrl,
            ["Coordi:Portal:OpenAiApiKey"] = "",
            ["Coordi:Portal:Email:PickupDirectory"] = Mail.Directory,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        Portal.Start();

        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"The browser tests drive Chromium at {ChromiumPath}; install it with 'apt-get install chromium' (.ci/run does).");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true });
        // The machine may be slow and busy: wait long for what the page must eventually show.
        Assertions.SetDefaultExpectTimeout(30_000);
    }

    /// <summary>
    /// Runs <paramref name="test"/> in a fresh browser context pointed at the portal. When it fails, a screenshot
    /// and the page's console output are saved to artifacts/browser/ before the failure is rethrown.
    /// </summary>
    public async Task InBrowserAsync(Func<IPage, Task> test, [System.Runtime.CompilerServices.CallerMemberName] string name = "")
    {
        await using var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Portal.Address.ToString() });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, message) => console.Add($"{message.Type}: {message.Text}");
        page.PageError += (_, error) => console.Add("pageerror: " + error);
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                console.Add($"http {response.Status}: {response.Request.Method} {response.Url}");
            }
        };
        try
        {
            await test(page);
        }
        catch
        {
            await FailureArtifacts.SaveAsync(page, name, console);
            throw;
        }
    }

    /// <summary>Runs <paramref name="use"/> against the portal's own database.</summary>
    public async Task<T> PortalDbAsync<T>(Func<PortalDbContext, Task<T>> use)
    {
        await using var scope = Portal.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }

    /// <summary>Core clients acting for an organization as the voice edge does, to put calls and leads in place and read them back.</summary>
    public TenantClients VoiceEdge(string organizationId) =>
        new(new Organization { Id = organizationId }, Core.AsService(organizationId, CoreServer.VoiceCredential));

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (Portal is not null)
        {
            await Portal.DisposeAsync();
        }

        if (Voice is not null)
        {
            await Voice.DisposeAsync();
        }

        if (_realtime is not null)
        {
            await _realtime.DisposeAsync();
        }

        if (_twilio is not null)
        {
            await _twilio.DisposeAsync();
        }

        if (OpenAi is not null)
        {
            await OpenAi.DisposeAsync();
        }

        if (Core is not null)
        {
            await Core.DisposeAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        Mail?.Delete();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
