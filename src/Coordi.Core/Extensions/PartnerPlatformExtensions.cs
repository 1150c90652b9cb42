using Coordi.Core.Events;
using Coordi.Core.Grpc;
using Coordi.Core.Grpc.Interceptors;
using Coordi.Core.Limits;
using Coordi.Core.Webhooks;

namespace Coordi.Core.Extensions;

/// <summary>The partner surface: the event outbox and stream, outbound webhooks and per-key limits.</summary>
public static class PartnerPlatformExtensions
{
    public static WebApplicationBuilder AddPartnerPlatform(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebhookOptions>()
            .Bind(builder.Configuration.GetSection(WebhookOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.FirstRetryDelay > TimeSpan.Zero && o.MaxRetryDelay >= o.FirstRetryDelay, "Webhook retry delays must be positive, the maximum at least the first.")
            .ValidateOnStart();

        builder.Services.AddOptions<EventStreamOptions>()
            .Bind(builder.Configuration.GetSection(EventStreamOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.FollowerPollInterval > TimeSpan.Zero, "The event follower poll interval must be positive.")
            .Validate(o => o.RetentionSweepInterval > TimeSpan.Zero, "The event retention sweep interval must be positive.")
            .ValidateOnStart();
        builder.Services.AddScoped<EventOutbox>();
        builder.Services.AddSingleton<EventRetention>();
        builder.Services.AddHostedService<EventRetentionWorker>();
        builder.Services.AddSingleton<EventSignal>();
        builder.Services.AddSingleton<EventPublisher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<EventPublisher>());
        builder.Services.AddSingleton<EventCommitInterceptor>();
        builder.Services.AddHostedService<EventNotificationListener>();

        builder.Services.AddOptions<EmailOptions>().Bind(builder.Configuration.GetSection(EmailOptions.Section));
        builder.Services.AddSingleton<WebhookUrlPolicy>();
        builder.Services.AddSingleton<WebhookHttpClient>();
        builder.Services.AddSingleton<OwnerNotifier>();
        builder.Services.AddHostedService<WebhookDispatcher>();

        builder.Services.AddOptions<PartnerRateLimitOptions>()
            .Bind(builder.Configuration.GetSection(PartnerRateLimitOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<PartnerRateLimiter>();
        // Added after the interceptors of AddGrpc, so it runs once the caller is authenticated and its tenant known.
        builder.Services.Configure<global::Grpc.AspNetCore.Server.GrpcServiceOptions>(grpc => grpc.Interceptors.Add<PartnerRateLimitInterceptor>());
        return builder;
    }

    public static WebApplication MapPartnerPlatform(this WebApplication app)
    {
        // Streams stay open for hours: they are capped per key, not counted as calls in progress.
        app.MapGrpcService<EventGrpcService>();
        app.MapCountedGrpcService<WebhookGrpcService>();
        return app;
    }
}
