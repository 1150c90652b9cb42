namespace Coordi.Core.Application.Errors;

/// <summary>The request is valid but the organization is not set up for it yet (e.g. no Twilio account connected).</summary>
public sealed class PreconditionFailedException(string reason, string message) : Exception(message)
{
    /// <summary>Machine-readable reason, e.g. "TWILIO_NOT_CONFIGURED".</summary>
    public string Reason { get; } = reason;
}
