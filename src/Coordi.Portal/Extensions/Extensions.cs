using Coordi.Portal.Accounts;
using Coordi.Portal.Agent;
using Coordi.Portal.Billing;
using Coordi.Portal.Calls;
using Coordi.Portal.Core;
using Coordi.Portal.Email;
using Coordi.Portal.Infrastructure;
using Coordi.Portal.Model;
using Coordi.Portal.Onboarding;
using Coordi.ServiceDefaults;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Coordi.Portal.Extensions;

public static class Extensions
{
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();

        builder.Services.AddOptions<PortalOptions>()
            .Bind(builder.Configuration.GetSection(PortalOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var portal = builder.Configuration.GetSection(PortalOptions.Section).Get<PortalOptions>() ?? new PortalOptions();

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ListenAnyIP(portal.Port, l => l.Protocols = HttpProtocols.Http1);
            if (portal.ManagementPort > 0)
            {
                kestrel.ListenAnyIP(portal.ManagementPort, l => l.Protocols = HttpProtocols.Http1);
            }
            kestrel.Limits.MaxRequestBodySize = 1024 * 1024;
        });

        if (portal.BehindProxy)
        {
            // TLS ends at the ingress: the original scheme decides whether cookies are marked Secure.
            builder.Services.Configure<ForwardedHeadersOptions>(o =>
            {
                o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
                o.KnownIPNetworks.Clear();
                o.KnownProxies.Clear();
            });
        }

        AddDatabase(builder);
        AddAccounts(builder.Services);
        AddPages(builder.Services);

        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<NodaTime.IClock>(NodaTime.SystemClock.Instance);
        builder.Services.AddSingleton<CoreChannel>();
        builder.Services.AddScoped<OrganizationCore>();
        builder.Services.AddSingleton<EmailSender>();
        builder.Services.AddSingleton<AccountEmails>();
        builder.Services.AddSingleton<RecordingLinks>();
        builder.Services.AddSingleton<VoicePreview>();
        builder.Services.AddScoped<SignUpService>();
        builder.Services.AddScoped<InvitationService>();
        builder.Services.AddScoped<TeamDirectory>();
        builder.Services.AddScoped<OnboardingStore>();
        builder.Services.AddScoped<Numbers.TwilioNumberSetup>();

        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [ServiceDefaults.Extensions.ReadyTag]);
        return builder;
    }

    private static void AddDatabase(WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Portal")
            ?? throw new InvalidOperationException("ConnectionStrings:Portal is not configured.");
        var dataSource = new NpgsqlDataSourceBuilder(connectionString).ConfigureTracing(_ => { }).Build();
        builder.Services.AddDbContext<PortalDbContext>(db => db
            .UseNpgsql(dataSource, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention(),
            optionsLifetime: ServiceLifetime.Singleton);

        // The key ring protects sign-in cookies and account tokens; every portal instance shares it through the database.
        builder.Services.AddDataProtection()
            .SetApplicationName("coordi-portal")
            .PersistKeysToDbContext<PortalDbContext>()
            .ProtectKeysWithConfiguredCertificate(builder.Configuration, "Coordi:Portal");
    }

    private static void AddAccounts(IServiceCollection services)
    {
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.AddIdentityCore<PortalUser>(identity =>
            {
                identity.User.RequireUniqueEmail = true;
                identity.SignIn.RequireConfirmedAccount = false;
                // Length protects better than composition rules, and long passphrases stay easy to type.
                identity.Password.RequiredLength = 10;
                identity.Password.RequireDigit = false;
                identity.Password.RequireLowercase = false;
                identity.Password.RequireUppercase = false;
                identity.Password.RequireNonAlphanumeric = false;
                identity.Password.RequiredUniqueChars = 4;
                identity.Lockout.AllowedForNewUsers = true;
                identity.Lockout.MaxFailedAccessAttempts = 5;
                identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddEntityFrameworkStores<PortalDbContext>();

        // A removed member or a changed password ends other sessions within minutes, not at cookie expiry.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(5));
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = "coordi.portal";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
            cookie.LoginPath = "/Account/Login";
            cookie.LogoutPath = "/Account/Logout";
            cookie.AccessDeniedPath = "/Error/403";
            // A page the role may not see answers 403 in place (rendered by the status code pages), not a redirect.
            cookie.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(PortalPolicies.OrganizationMember, policy => policy.RequireAuthenticatedUser().RequireClaim(PortalClaims.Organization))
            .AddPolicy(PortalPolicies.Owner, policy => policy.RequireAuthenticatedUser().RequireClaim(PortalClaims.Organization).RequireRole(PortalRoles.Owner))
            // Every page needs a signed-in member of an organization unless it says otherwise.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireClaim(PortalClaims.Organization).Build());
    }

    private static void AddPages(IServiceCollection services)
    {
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "coordi.antiforgery";
            antiforgery.Cookie.HttpOnly = true;
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            antiforgery.HeaderName = "X-CSRF-TOKEN";
        });

        services.AddRazorPages(pages =>
            {
                pages.Conventions.AllowAnonymousToFolder("/Account");
                pages.Conventions.AuthorizePage("/Account/Logout", PortalPolicies.OrganizationMember);
                pages.Conventions.AllowAnonymousToPage("/Error");
                foreach (var ownerOnly in new[] { "/Integrations", "/ApiKeys", "/Webhooks", "/Team", "/Settings", "/Billing" })
                {
                    pages.Conventions.AuthorizeFolder(ownerOnly, PortalPolicies.Owner);
                }
            })
            .AddMvcOptions(mvc => mvc.Filters.Add<CoreErrorPageFilter>());
    }

    public static WebApplication MapApplication(this WebApplication app)
    {
        var portal = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PortalOptions>>().Value;
        if (portal.BehindProxy)
        {
            app.UseForwardedHeaders();
        }

        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error");
            app.UseHsts();
        }

        app.UseStatusCodePagesWithReExecute("/Error/{0}");
        app.UseSecurityHeaders();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapDefaultEndpoints(metricsPort: portal.ManagementPort);
        app.MapRazorPages();
        app.MapStripeWebhook();
        return app;
    }

    /// <summary>Applies pending EF Core migrations (the deploy's migration job, and local runs).</summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Database.MigrateAsync();
    }
}
