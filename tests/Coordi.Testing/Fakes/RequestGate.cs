namespace Coordi.Testing.Fakes;

/// <summary>
/// Holds requests to a fake until the test opens it, so a test can look at the system while it waits on an
/// outside service (a slow SMS send, a hang-up not yet answered) without depending on timing.
/// </summary>
public sealed class RequestGate
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _waiting;

    /// <summary>Requests held at the gate right now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Lets every held request, and all later ones, through.</summary>
    public void Open() => _open.TrySetResult();

    internal async Task PassAsync()
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            await _open.Task;
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }
}
