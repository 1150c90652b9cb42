using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Coordi.Portal.FunctionalTests.Infrastructure;

/// <summary>
/// The real portal in memory, wired by its own Program, configured for the test's core and database. The entry
/// assembly is named through <see cref="PortalOptions"/>: "Program" is ambiguous here, because the core (referenced
/// by the shared test fixtures) has one too.
/// </summary>
public sealed class PortalFactory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<PortalOptions>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Settings rather than a configuration source: the portal reads some values (the connection string)
        // while its builder runs, before sources added here would be applied.
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>A browser-like client: keeps cookies, follows redirects.</summary>
    public PortalClient NewClient() => new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true, HandleCookies = true }));
}
