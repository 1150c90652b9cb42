using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Coordi.Portal.BrowserTests.Infrastructure;

/// <summary>
/// The real portal, wired by its own Program, served by Kestrel on a loopback port a browser can reach. The entry
/// assembly is named through <see cref="PortalOptions"/>: "Program" is ambiguous, the core has one too.
/// </summary>
public sealed class KestrelPortal : WebApplicationFactory<PortalOptions>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;

    public KestrelPortal(IReadOnlyDictionary<string, string?> settings)
    {
        _settings = settings;
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>Where the browser finds the portal, e.g. http://127.0.0.1:41234.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>Starts serving and returns the bound loopback address.</summary>
    public Uri Start()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        // The portal also binds its own configured port (any IP); the browser uses the loopback listener added here.
        Address = new Uri(addresses.Single(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal)));
        return Address;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Settings rather than a configuration source: the portal reads some values (the connection string,
        // its port) while its builder runs, before sources added here would be applied.
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
