namespace Coordi.Core.Webhooks;

/// <summary>
/// Bound from "Coordi:Core:Email". Either an SMTP relay (<see cref="SmtpHost"/>) or a pickup directory (each
/// message written as an .eml file for a mail agent to send; local development and tests). Neither: the
/// notification is only kept for the portal.
/// </summary>
public sealed class EmailOptions
{
    public const string Section = "Coordi:Core:Email";

    public string From { get; set; } = "Coordi <no-reply@coordi.app>";

    public string? SmtpHost { get; set; }

    public int SmtpPort { get; set; } = 587;

    public bool SmtpUseTls { get; set; } = true;

    public string? SmtpUser { get; set; }

    public string? SmtpPassword { get; set; }

    public string? PickupDirectory { get; set; }
}
