using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Coordi.ServiceDefaults;

/// <summary>Health, telemetry, logging and resilience set once for every Coordi service.</summary>
public static class Extensions
{
    public const string LiveTag = "live";
    public const string ReadyTag = "ready";
    public const string MetricsPath = "/metrics";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder, params string[] extraSources)
        where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureLogging();
        builder.ConfigureOpenTelemetry(extraSources);

        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);

        builder.Services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        return builder;
    }

    private static void ConfigureLogging(this IHostApplicationBuilder builder)
    {
        // JSON lines with scopes: the tenant and call ids pushed as scopes land on every line.
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
    }

    private static void ConfigureOpenTelemetry(this IHostApplicationBuilder builder, string[] extraSources)
    {
        builder.Logging.AddOpenTelemetry(o =>
        {
            o.IncludeFormattedMessage = true;
            o.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(extraSources)
                // Pulled by Prometheus from /metrics (see MapDefaultEndpoints), alongside any OTLP push below.
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(extraSources)
                // Spans of the database commands (Npgsql's data source is built with tracing on).
                .AddSource("Npgsql")
                .AddAspNetCoreInstrumentation(o => o.Filter = ctx => !IsProbeOrScrapePath(ctx.Request.Path))
                .AddGrpcClientInstrumentation()
                .AddHttpClientInstrumentation());

        // Export only where a collector is configured (OTEL_EXPORTER_OTLP_ENDPOINT), so local runs stay quiet.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }
    }

    private static bool IsProbeOrScrapePath(Microsoft.AspNetCore.Http.PathString path) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz") || path.StartsWithSegments(MetricsPath);

    /// <summary>
    /// /healthz answers while the process runs; /readyz only when its dependencies answer; /metrics is the
    /// Prometheus scrape. With <paramref name="metricsPort"/> set (above 0), /metrics answers only on connections to
    /// that local port, a management port no ingress routes to; otherwise on every port.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app, string? requireHost = null, int metricsPort = 0)
    {
        // Scrapers carry no credentials either. The local port is checked, not the Host header, which a client
        // coming through the ingress could set to anything.
        var metrics = app.MapPrometheusScrapingEndpoint(MetricsPath).AllowAnonymous();
        if (metricsPort > 0)
        {
            metrics.RequireLocalPort(metricsPort);
        }

        // Probes carry no credentials: anonymous even where a fallback authorization policy guards everything else.
        var live = app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = r => r.Tags.Contains(LiveTag) }).AllowAnonymous();
        var ready = app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = r => r.Tags.Contains(ReadyTag) || r.Tags.Contains(LiveTag) }).AllowAnonymous();
        if (requireHost is not null)
        {
            live.RequireHost(requireHost);
            ready.RequireHost(requireHost);
        }

        return app;
    }
}
