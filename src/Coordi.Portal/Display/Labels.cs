using Coordi.Contracts.V1;

namespace Coordi.Portal.Display;

/// <summary>Words shown for the contract's enums.</summary>
public static class Labels
{
    public static readonly LeadStatus[] LeadStatuses = [LeadStatus.New, LeadStatus.Contacted, LeadStatus.Booked, LeadStatus.Won, LeadStatus.Lost];

    public static readonly CallOutcome[] CallOutcomes =
        [CallOutcome.Lead, CallOutcome.Booked, CallOutcome.Escalated, CallOutcome.Information, CallOutcome.Voicemail, CallOutcome.Abandoned, CallOutcome.Spam];

    public static readonly Urgency[] Urgencies = [Urgency.Low, Urgency.Normal, Urgency.High, Urgency.Emergency];

    public static string Of(LeadStatus status) => status switch
    {
        LeadStatus.New => "New",
        LeadStatus.Contacted => "Contacted",
        LeadStatus.Booked => "Booked",
        LeadStatus.Won => "Won",
        LeadStatus.Lost => "Lost",
        _ => "—",
    };

    public static string Of(CallOutcome outcome) => outcome switch
    {
        CallOutcome.Lead => "Lead captured",
        CallOutcome.Booked => "Estimate booked",
        CallOutcome.Escalated => "Handed to a person",
        CallOutcome.Spam => "Spam",
        CallOutcome.Abandoned => "Caller hung up",
        CallOutcome.Information => "Information only",
        CallOutcome.Voicemail => "Voicemail",
        _ => "—",
    };

    public static string Of(CallStatus status) => status switch
    {
        CallStatus.InProgress => "In progress",
        CallStatus.Completed => "Completed",
        CallStatus.Missed => "Missed",
        CallStatus.Failed => "Failed",
        _ => "—",
    };

    public static string Of(Urgency urgency) => urgency switch
    {
        Urgency.Low => "Low",
        Urgency.Normal => "Normal",
        Urgency.High => "High",
        Urgency.Emergency => "Emergency",
        _ => "—",
    };

    public static string Of(Speaker speaker) => speaker switch
    {
        Speaker.Caller => "Caller",
        Speaker.Agent => "Agent",
        Speaker.System => "System",
        _ => "—",
    };

    public static string Of(ApiKeyScope scope) => scope switch
    {
        ApiKeyScope.Read => "Read only",
        ApiKeyScope.ReadWrite => "Read and write",
        _ => "—",
    };

    public static string Of(EscalationPolicy policy) => policy switch
    {
        EscalationPolicy.OnRequest => "When the caller asks for a person",
        EscalationPolicy.OnRequestOrEmergency => "When asked, and for emergencies",
        EscalationPolicy.Never => "Never; take a message instead",
        _ => "—",
    };

    /// <summary>Lower-case slug used in URLs and CSS classes, e.g. "contacted".</summary>
    public static string Slug(LeadStatus status) => Of(status).ToLowerInvariant();

    public static LeadStatus? LeadStatusFromSlug(string? slug) =>
        LeadStatuses.Cast<LeadStatus?>().FirstOrDefault(s => string.Equals(Slug(s!.Value), slug, StringComparison.OrdinalIgnoreCase));

    public static string Duration(int seconds) => seconds <= 0 ? "—" : seconds < 60 ? $"{seconds}s" : $"{seconds / 60}m {seconds % 60:00}s";
}
