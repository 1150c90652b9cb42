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
}
