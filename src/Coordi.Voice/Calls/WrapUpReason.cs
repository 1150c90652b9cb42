namespace Coordi.Voice.Calls;

/// <summary>Why the edge ends a call the caller has not finished.</summary>
public enum WrapUpReason
{
    /// <summary>The call reached the edge's maximum call length.</summary>
    TimeLimit,

    /// <summary>This instance is shutting down and the drain time is over.</summary>
    Shutdown,
}
