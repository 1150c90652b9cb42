namespace Coordi.Core.Events;

/// <summary>Settings of the partners' event streams (<c>Coordi:Core:Events</c>).</summary>
public sealed class EventStreamOptions
{
    public const string Section = "Coordi:Core:Events";

    /// <summary>
    /// A follower re-reads this often even without a notification, bounding the delay of one that was lost
    /// (a crash between commit and notification, or a dropped listener connection).
    /// </summary>
    public TimeSpan FollowerPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Events (and their webhook delivery records) are deleted this many days after they happened. A stream asked to
    /// resume from before the deleted ones fails with OUT_OF_RANGE rather than skip them silently.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(2, 3650)]
    public int RetentionDays { get; set; } = 30;

    /// <summary>How often each instance looks for events past retention (one instance at a time does the work).</summary>
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromHours(1);
}
