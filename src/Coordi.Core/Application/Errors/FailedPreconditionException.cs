namespace Coordi.Core.Application.Errors;

/// <summary>The request is valid but the organization's state does not allow it now (e.g. billing).</summary>
public sealed class FailedPreconditionException(string reason, string message) : Exception(message)
{
    /// <summary>Machine-readable reason, e.g. "ORGANIZATION_RESTRICTED".</summary>
    public string Reason { get; } = reason;
}
