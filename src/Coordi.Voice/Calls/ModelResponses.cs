namespace Coordi.Voice.Calls;

/// <summary>
/// The model's side of the turn: whether a response is running or asked for, which response a holding phrase
/// is, and every response the caller must never hear (cut by a barge-in or cancelled unheard). Responses are
/// created, cancelled and checked on the Realtime pump only; tools and timers only read the flags and say they
/// asked for a reply.
/// </summary>
internal sealed class ModelResponses
{
    private readonly List<byte[]> _cancelled = [];
    private byte[] _current = [];
    private volatile bool _inProgress;
    private volatile bool _requested;
    private volatile string? _holdingPhraseResponseId;
    private volatile string? _holdingPhraseItemId;

    // The verdict for the response whose deltas are arriving, so an audio delta costs one span compare; a
    // cancel bumps the generation, which makes every cached verdict stale.
    private byte[] _checked = [];
    private bool _checkedCancelled;
    private int _checkedGeneration = -1;
    private int _generation;

    /// <summary>A response is running, or has been asked for and has not started yet.</summary>
    public bool Busy => _inProgress || _requested;

    public bool InProgress => _inProgress;

    public string? HoldingPhraseItemId => _holdingPhraseItemId;

    /// <summary>A response.create was sent for a reply in the conversation; nothing shows it is coming until it starts.</summary>
    public void Requested() => _requested = true;

    /// <summary>response.created: a reply in the conversation, or an out-of-band holding phrase.</summary>
    public void Created(ReadOnlySpan<byte> responseId, bool holdingPhrase)
    {
        _current = responseId.ToArray();
        _inProgress = true;
        if (holdingPhrase)
        {
            _holdingPhraseResponseId = System.Text.Encoding.UTF8.GetString(responseId);
        }
        else
        {
            _requested = false;
        }
    }

    public void Done() => _inProgress = false;

    public void HoldingPhraseItem(ReadOnlySpan<byte> itemId) => _holdingPhraseItemId = System.Text.Encoding.UTF8.GetString(itemId);

    /// <summary>The latest response is cut; none of its audio may reach the caller from now on.</summary>
    public void CancelCurrent() => Cancel(_current);

    /// <summary>The response whose audio arrived last is cut too: it may be an earlier one than the latest still playing out.</summary>
    public void CancelLatestAudio() => Cancel(_checked);

    /// <summary>None of this response's audio may reach the caller from now on.</summary>
    public void Cancel(ReadOnlySpan<byte> responseId)
    {
        if (responseId.IsEmpty || Contains(responseId))
        {
            return;
        }

        _cancelled.Add(responseId.ToArray());
        _generation++;
    }

    /// <summary>Whether audio of <paramref name="responseId"/> must be dropped. No allocation while the response stays the same.</summary>
    public bool IsCancelled(ReadOnlySpan<byte> responseId)
    {
        if (_checkedGeneration == _generation && responseId.SequenceEqual(_checked))
        {
            return _checkedCancelled;
        }

        _checkedCancelled = Contains(responseId);
        _checked = responseId.ToArray(); // once per response
        _checkedGeneration = _generation;
        return _checkedCancelled;
    }

    public bool IsHoldingPhrase(ReadOnlySpan<byte> responseId)
    {
        var phrase = _holdingPhraseResponseId;
        if (phrase is null || responseId.Length != phrase.Length)
        {
            return false;
        }

        for (var i = 0; i < responseId.Length; i++)
        {
            if (responseId[i] != phrase[i])
            {
                return false;
            }
        }

        return true;
    }

    private bool Contains(ReadOnlySpan<byte> responseId)
    {
        foreach (var id in _cancelled)
        {
            if (responseId.SequenceEqual(id))
            {
                return true;
            }
        }

        return false;
    }
}
