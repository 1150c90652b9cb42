namespace Coordi.Core.Application.Errors;

/// <summary>The request clashes with existing state (a taken number, a taken slot).</summary>
public sealed class ConflictException(string reason, string message, IReadOnlyDictionary<string, string>? metadata = null)
    : Exception(message)
{
    /// <summary>Machine-readable reason, e.g. "SLOT_TAKEN".</summary>
    public string Reason { get; } = reason;

    public IReadOnlyDictionary<string, string> Metadata { get; } = metadata ?? new Dictionary<string, string>();
}
