namespace Coordi.Core.Events;

/// <summary>The event types of the contract; names are published and never change.</summary>
public static class EventTypes
{
    public const string CallStarted = "call.started";
    public const string CallCompleted = "call.completed";
    public const string LeadCreated = "lead.created";
    public const string LeadUpdated = "lead.updated";
    public const string AppointmentBooked = "appointment.booked";
    public const string AppointmentCancelled = "appointment.cancelled";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        CallStarted, CallCompleted, LeadCreated, LeadUpdated, AppointmentBooked, AppointmentCancelled,
    };
}
