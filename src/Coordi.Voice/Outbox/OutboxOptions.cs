using System.ComponentModel.DataAnnotations;

namespace Coordi.Voice.Outbox;

/// <summary>Delivery of outbox entries to the core; bound from "Coordi:Voice:Outbox".</summary>
public sealed class OutboxOptions
{
    public const string Section = "Coordi:Voice:Outbox";

    /// <summary>
    /// Deliveries of one entry the core failed on (Internal, Unknown and other faults that are not plainly an
    /// outage) before the entry is parked. Outages (Unavailable, DeadlineExceeded...) are retried without limit.
    /// </summary>
    [Range(1, 1000)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Wait after an entry's first failed delivery; doubled after each further one.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest wait between two deliveries of one entry, so a recovered core is used within it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Calls whose entries are delivered at the same time.</summary>
    [Range(1, 64)]
    public int Parallelism { get; set; } = 4;
}
