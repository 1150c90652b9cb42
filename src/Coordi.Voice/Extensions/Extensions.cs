using Coordi.ServiceDefaults;
using Coordi.Voice.Billing;
using Coordi.Voice.Calls;
using Coordi.Voice.Core;
using Coordi.Voice.Media;
using Coordi.Voice.Outbox;
using Coordi.Voice.Recording;
using Coordi.Voice.Tools;
using Coordi.Voice.Twilio;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Coordi.Voice.Extensions;

public static class Extensions
{
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults(VoiceMetrics.MeterName);

        builder.Services.AddOptions<VoiceOptions>()
            .Bind(builder.Configuration.GetSection(VoiceOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => !string.IsNullOrEmpty(o.TwilioAuthToken), "Coordi:Voice:TwilioAuthToken (the platform's Twilio auth token) is required to verify webhooks of tenants without their own account.")
            .ValidateOnStart();
        var voice = builder.Configuration.GetSection(VoiceOptions.Section).Get<VoiceOptions>() ?? new VoiceOptions();

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ListenAnyIP(voice.Port, l => l.Protocols = HttpProtocols.Http1);
            if (voice.ManagementPort > 0)
            {
                kestrel.ListenAnyIP(voice.ManagementPort, l => l.Protocols = HttpProtocols.Http1);
            }

            // Twilio webhooks are small forms; the media stream is a WebSocket, not a request body.
            kestrel.Limits.MaxRequestBodySize = 64 * 1024;
        });
        builder.Services.Configure<FormOptions>(o =>
        {
            o.ValueLengthLimit = 8 * 1024;
            o.ValueCountLimit = 200;
        });
        // Live calls must finish before the process exits (a long grace period is set at the deployment too).
        // Drain, then each call's goodbye and hang-up, then a last outbox flush.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(voice.DrainSeconds + voice.GoodbyeSeconds + 30));

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<VoiceMetrics>();
        builder.Services.AddSingleton<CoreClient>(sp => new CoreClient(sp.GetRequiredService<IOptions<VoiceOptions>>()));
        builder.Services.AddSingleton<TwilioSignatureVerifier>();
        builder.Services.AddSingleton<StreamToken>();
        builder.Services.AddSingleton<LiveCallRegistry>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LiveCallRegistry>());
        builder.Services.AddSingleton<AgentConfigCache>();
        builder.Services.AddSingleton<CallHandoffs>();
        builder.Services.AddSingleton<CallbackUrls>();
        builder.Services.AddSingleton<CallbackCalls>();
        builder.Services.AddOptions<OutboxOptions>().Bind(builder.Configuration.GetSection(OutboxOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<DurableOutbox>();
        builder.Services.AddSingleton<OutboxWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxWorker>());
        builder.Services.AddOptions<RecordingStorageOptions>()
            .Bind(builder.Configuration.GetSection(RecordingStorageOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => (o.AccessKey.Length == 0) == (o.SecretKey.Length == 0), "Coordi:Voice:Recordings:AccessKey and SecretKey are set together (or both left empty for the pod's own AWS identity).")
            .ValidateOnStart();
        builder.Services.AddSingleton<RecordingBucket>();
        builder.Services.AddHostedService<RecordingBucketInitializer>();
        builder.Services.AddSingleton<RecordingRetentionWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RecordingRetentionWorker>());
        builder.Services.AddSingleton<IRecordingStore, S3RecordingStore>();
        builder.Services.AddSingleton<CallSessionFactory>();
        builder.Services.AddSingleton<TwilioMediaStreamHandler>();
        builder.Services.AddSingleton<ToolDispatcher>();
        builder.Services.AddSingleton<IAgentTool, CreateLeadTool>();
        builder.Services.AddSingleton<IAgentTool, CheckAvailabilityTool>();
        builder.Services.AddSingleton<IAgentTool, BookEstimateTool>();
        builder.Services.AddSingleton<IAgentTool, SendSmsTool>();
        builder.Services.AddSingleton<IAgentTool, EscalateToHumanTool>();
        builder.Services.AddSingleton<IAgentTool, EndCallTool>();
        builder.Services.AddSingleton<TwilioClients>();
        builder.Services.AddSingleton<TwilioMessaging>();
        builder.Services.AddSingleton<CallAuthorizer>();
        builder.Services.AddSingleton<OwnerAlertThrottle>();
        builder.Services.AddSingleton<TwilioCallControl>();
        builder.Services.AddHttpClient(TwilioClients.HttpClientName)
            .AddHttpMessageHandler(sp => new ApiBaseUrlHandler("twilio.com", sp.GetRequiredService<IOptions<VoiceOptions>>().Value.TwilioApiBaseUrl));

        builder.Services.AddHealthChecks().AddCheck<DrainingHealthCheck>("accepting-calls", tags: [ServiceDefaults.Extensions.ReadyTag]);
        return builder;
    }

    public static WebApplication MapApplication(this WebApplication app)
    {
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20) });
        var managementPort = app.Services.GetRequiredService<IOptions<VoiceOptions>>().Value.ManagementPort;
        app.MapDefaultEndpoints(metricsPort: managementPort);
        app.MapOutboxManagement(managementPort);
        app.MapTwilioWebhooks();
        app.MapRecordings();
        app.Map("/twilio/media", (HttpContext context, TwilioMediaStreamHandler handler) => handler.HandleAsync(context));
        return app;
    }
}

/// <summary>Not ready while draining, so the load balancer sends new calls to other instances.</summary>
public sealed class DrainingHealthCheck(LiveCallRegistry registry) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(registry.IsDraining ? HealthCheckResult.Unhealthy("Draining live calls before shutdown.") : HealthCheckResult.Healthy($"{registry.LiveCount} live calls"));
}
