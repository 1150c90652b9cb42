namespace Coordi.Voice.Calls;

/// <summary>
/// The one place a call's <see cref="CallPhase"/> changes. Both pumps, tools and timers race to move it, so each
/// move is a compare-and-swap: exactly one of them wins a step, and the winner is the one that acts on it.
/// </summary>
internal sealed class CallLifecycle
{
    private int _phase = (int)CallPhase.Connecting;

    public CallPhase Phase => (CallPhase)Volatile.Read(ref _phase);

    public bool IsEnding => Phase == CallPhase.Ending;

    /// <summary>Moves from <paramref name="from"/> to <paramref name="to"/>; false when the call is not in <paramref name="from"/>.</summary>
    public bool TryMove(CallPhase from, CallPhase to) =>
        to > from && Interlocked.CompareExchange(ref _phase, (int)to, (int)from) == (int)from;

    /// <summary>Moves to <see cref="CallPhase.Ending"/> from wherever the call is; false when it was ending already.</summary>
    public bool TryEnd() => Interlocked.Exchange(ref _phase, (int)CallPhase.Ending) != (int)CallPhase.Ending;
}
