using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Coordi.Core.Extensions;

/// <summary>
/// Bounds how many unary calls the core works on at once; the rest wait in order. Past the database's connection
/// pool, more calls at once only queue for connections and fill the thread pool's queue, where the background
/// workers (webhook deliveries) would then wait behind every request. Event streams are long-lived and not counted.
/// </summary>
public static class RequestConcurrencyExtensions
{
    public const string Policy = "core-requests";

    public static WebApplicationBuilder AddRequestConcurrencyLimit(this WebApplicationBuilder builder)
    {
        builder.Services.AddRateLimiter(_ => { });
        // Sized from the validated CoreOptions, the one place the setting is read.
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<CoreOptions>>((limiter, core) =>
        {
            var permits = core.Value.MaxConcurrentRequests;
            limiter.OnRejected = (context, _) =>
            {
                RejectAsUnavailable(context.HttpContext);
                return ValueTask.CompletedTask;
            };
            limiter.AddConcurrencyLimiter(Policy, concurrency =>
            {
                concurrency.PermitLimit = permits;
                concurrency.QueueLimit = permits * 64;
                concurrency.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            });
        });
        return builder;
    }

    /// <summary>
    /// Answers a call that found the queue full as gRPC does (a trailers-only response): UNAVAILABLE with a
    /// sentence, which clients and their retry policies treat as "try again shortly, perhaps elsewhere".
    /// </summary>
    public static void RejectAsUnavailable(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = "14";
        context.Response.Headers["grpc-message"] = "The service is busy; retry with backoff.";
    }

    /// <summary>Maps a service of unary calls, each counted against the limit while it runs.</summary>
    public static GrpcServiceEndpointConventionBuilder MapCountedGrpcService<TService>(this IEndpointRouteBuilder endpoints)
        where TService : class =>
        endpoints.MapGrpcService<TService>().RequireRateLimiting(Policy);
}
