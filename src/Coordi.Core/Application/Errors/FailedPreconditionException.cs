namespace Coordi.Core.Application.Errors;

/// <summary>The request is valid but the organization is not in a state to allow it (billing, no Twilio account connected).</summary>
public sealed class FailedPreconditionException(string reason, string message) : Exception(message)
{
    /// <summary>Machine-readable reason, e.g. "ORGANIZATION_RESTRICTED" or "TWILIO_NOT_CONFIGURED".</summary>
    public string Reason { get; } = reason;
}
