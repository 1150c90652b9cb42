namespace Coordi.Voice.Calls;

/// <summary>
/// One out-of-band "still working on it" response asked for while a tool runs. Its id arrives with
/// response.created; if the tool has returned by then, the phrase is no longer wanted and is cancelled unheard.
/// </summary>
internal sealed class HoldingPhrase
{
    public const string Purpose = "filler";

    public const string Instructions =
        "A tool you called is still running. Tell the caller in one short sentence that you are still working on it. Say nothing else and ask nothing.";

    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _responseId;
    private bool _unwanted;

    public string? ResponseId
    {
        get
        {
            lock (_gate)
            {
                return _responseId;
            }
        }
    }

    public Task Done => _done.Task;

    /// <summary>The response has started; true when it should be cancelled because the tool already returned.</summary>
    public bool Started(string responseId)
    {
        lock (_gate)
        {
            _responseId = responseId;
            return _unwanted;
        }
    }

    /// <summary>The tool returned: a phrase not started yet is cancelled when it starts; one playing is let finish.</summary>
    public void ToolReturned()
    {
        lock (_gate)
        {
            _unwanted |= _responseId is null;
        }
    }

    public void Finished() => _done.TrySetResult();
}
