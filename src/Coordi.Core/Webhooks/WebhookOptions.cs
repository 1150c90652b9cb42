using System.ComponentModel.DataAnnotations;

namespace Coordi.Core.Webhooks;

/// <summary>Bound from "Coordi:Core:Webhooks".</summary>
public sealed class WebhookOptions
{
    public const string Section = "Coordi:Core:Webhooks";

    /// <summary>
    /// Accepts http:// URLs and loopback addresses (localhost, 127.0.0.1) for local receivers. Off in production:
    /// endpoints must be HTTPS on public addresses.
    /// </summary>
    public bool AllowHttpLoopback { get; set; }

    /// <summary>
    /// Ports besides 443 that endpoints may use. Empty by default: any other port lets a partner probe services
    /// that are not web servers.
    /// </summary>
    public List<int> AllowedPorts { get; set; } = [];

    /// <summary>How long a delivery is retried before it is given up.</summary>
    public TimeSpan RetryWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Delay before the first retry; each later retry doubles it (with jitter) up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>An endpoint whose attempts have all failed for this long is disabled.</summary>
    public TimeSpan DisableAfterFailingFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>An endpoint is also disabled after this many failed attempts in a row.</summary>
    [Range(1, 100_000)]
    public int DisableAfterConsecutiveFailures { get; set; } = 500;

    /// <summary>Time allowed for one attempt, from connect to the response headers.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the worker looks for due deliveries when no new event woke it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    [Range(1, 1000)]
    public int BatchSize { get; set; } = 64;

    /// <summary>
    /// Deliveries in flight per core instance. Most of an attempt is waiting for a remote receiver, so this is sized
    /// for latency: 64 at 200 ms a response is about 300 deliveries a second.
    /// </summary>
    [Range(1, 256)]
    public int MaxConcurrentDeliveries { get; set; } = 64;

    /// <summary>
    /// Deliveries in flight to one endpoint per core instance, so a receiver that hangs until the timeout holds
    /// a few of the slots, not all of them, and every other organization's deliveries keep going.
    /// </summary>
    [Range(1, 256)]
    public int MaxConcurrentDeliveriesPerEndpoint { get; set; } = 8;

    [Range(1, 1000)]
    public int MaxEndpointsPerOrganization { get; set; } = 20;
}
