using Coordi.Testing.Logging;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Coordi.Portal.FunctionalTests.Infrastructure;

/// <summary>
/// The real portal in memory, wired by its own Program, configured for the test's core and database. The entry
/// assembly is named through <see cref="PortalOptions"/>: "Program" is ambiguous here, because the core (referenced
/// by the shared test fixtures) has one too.
/// </summary>
public sealed class PortalFactory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<PortalOptions>
{
    /// <summary>Everything this portal logged at the levels its settings let through.</summary>
    public LogCapture Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // After the portal's own logging set-up, which starts by clearing providers.
        builder.ConfigureTestServices(services => services.AddSingleton<ILoggerProvider>(Logs));
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
