using Coordi.Core.Application;
using Coordi.Core.Billing;
using Coordi.Core.Events;
using Coordi.Core.Grpc;
using Coordi.Core.Grpc.Interceptors;
using Coordi.Core.Grpc.RequestParsing;
using Coordi.Core.Infrastructure;
using Coordi.Core.Security;
using Coordi.Core.Telephony;
using Coordi.MultiTenancy;
using Coordi.ServiceDefaults;
using FluentValidation;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Coordi.Core.Extensions;

public static class Extensions
{
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();

        builder.Services.AddOptions<CoreOptions>()
            .Bind(builder.Configuration.GetSection(CoreOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.ServiceCredentials.Values.All(s => s.Length >= 32), "Every service credential must be at least 32 characters.")
            .Validate(o => o.RecordingUrlSecret.Length is 0 or >= 32, "Coordi:Core:RecordingUrlSecret must be at least 32 characters (or empty to turn recording playback off).")
            .ValidateOnStart();
        var core = builder.Configuration.GetSection(CoreOptions.Section).Get<CoreOptions>() ?? new CoreOptions();

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // h2c needs a port that speaks HTTP/2 only; probes and metrics scrapers (/metrics) speak HTTP/1.1.
            kestrel.ListenAnyIP(core.GrpcPort, l => l.Protocols = HttpProtocols.Http2);
            kestrel.ListenAnyIP(core.HealthPort, l => l.Protocols = HttpProtocols.Http1);
            kestrel.Limits.MaxRequestBodySize = 4 * 1024 * 1024;
        });

        var connectionString = builder.Configuration.GetConnectionString("Core")
            ?? throw new InvalidOperationException("ConnectionStrings:Core is not configured.");
        var dataSource = CoreDataSources.ForRequests(connectionString);
        builder.Services.AddSingleton(dataSource);
        builder.Services.AddKeyedSingleton(CoreDataSources.Workers, CoreDataSources.ForWorkers(connectionString));
        // The options are the same for every request: built once, not rebuilt (and re-looked-up in EF's
        // internal provider cache) each time a request resolves its context.
        builder.Services.AddDbContext<CoreDbContext>((services, db) => db
            .UseNpgsql(dataSource, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention()
            .LogFailuresWhereHandled()
            .AddInterceptors(services.GetRequiredService<EventCommitInterceptor>()),
            optionsLifetime: ServiceLifetime.Singleton);

        builder.Services.AddMultiTenancy()
            .WithStore<OrganizationTenantStore>()
            .WithClaimStrategy(CoordiClaims.Tenant)
            .WithHeaderStrategy(TenantMetadata.Header, trustedWhen: http => http.User.IsService());

        builder.Services.AddDataProtection()
            .SetApplicationName("coordi-core")
            .PersistKeysToDbContext<CoreDbContext>()
            // In production the key ring is encrypted with a certificate, so a dump alone reveals no tenant secret.
            .ProtectKeysWithConfiguredCertificate(builder.Configuration, "Coordi:Core");

        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddBilling();
        builder.Services.AddSingleton<CallerAuthenticator>();
        builder.Services.AddSingleton<SecretProtector>();
        builder.Services.AddScoped<AgentConfigProvider>();
        builder.Services.AddScoped<AppointmentScheduler>();
        builder.Services.AddScoped<MetricsQuery>();
        builder.Services.AddSingleton<RecordingLinkIssuer>();
        builder.Services.AddTwilioPhoneNumbers();
        builder.Services.AddValidatorsFromAssemblyContaining<CoreOptions>(ServiceLifetime.Singleton);
        builder.Services.AddValidatorsFromAssemblyContaining<CreateLeadRequestValidator>(ServiceLifetime.Singleton);

        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = 1024 * 1024;
            grpc.EnableDetailedErrors = false;
            // Outermost first: errors are mapped for everything below, including authorization.
            grpc.Interceptors.Add<ExceptionMappingInterceptor>();
            grpc.Interceptors.Add<CallerAuthorizationInterceptor>();
            grpc.Interceptors.Add<RestrictedOrganizationInterceptor>();
            grpc.Interceptors.Add<ValidationInterceptor>();
        });
        builder.Services.UseUnreadableRequestMethodProvider();
        builder.Services.AddGrpcHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [ServiceDefaults.Extensions.ReadyTag]);
        builder.Services.AddGrpcReflection();
        builder.AddPartnerPlatform();
        builder.AddRequestConcurrencyLimit();
        return builder;
    }

    public static WebApplication MapApplication(this WebApplication app)
    {
        var core = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<CoreOptions>>().Value;
        app.MapDefaultEndpoints(requireHost: $"*:{core.HealthPort}", metricsPort: core.HealthPort);
        app.UseRateLimiter();
        app.MapCountedGrpcService<OrganizationGrpcService>();
        app.MapCountedGrpcService<ProfileGrpcService>();
        app.MapCountedGrpcService<PhoneNumberGrpcService>();
        app.MapCountedGrpcService<CallGrpcService>();
        app.MapCountedGrpcService<LeadGrpcService>();
        app.MapCountedGrpcService<AppointmentGrpcService>();
        app.MapCountedGrpcService<IntegrationGrpcService>();
        app.MapCountedGrpcService<ApiKeyGrpcService>();
        app.MapCountedGrpcService<MetricsGrpcService>();
        app.MapCountedGrpcService<BillingGrpcService>();
        app.MapPartnerPlatform();
        // Probes carry no credential; without an access level of its own the health service would be refused to all.
        app.MapGrpcHealthChecksService().WithMetadata(new AccessAttribute(AccessLevel.Anyone));
        if (app.Environment.IsDevelopment())
        {
            app.MapGrpcReflectionService();
        }

        return app;
    }

    /// <summary>Applies pending EF Core migrations (the deploy's migration job, and local runs).</summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CoreDbContext>().Database.MigrateAsync();
    }
}
