using System.Text.Json;

namespace Coordi.Testing.Fakes;

/// <summary>A function call the scripted model makes; its arguments may depend on the previous tool's output.</summary>
public sealed record ScriptedCall(string Name, Func<JsonElement?, object> Arguments)
{
    public static ScriptedCall Of(string name, object arguments) => new(name, _ => arguments);
}

/// <summary>
/// What the model does in one call, in conversation order: the agent's replies (audio with a transcript, a
/// function call, or both), the caller's turns (the transcript the model "heard"), and a dropped connection.
/// Each response the model gives (asked for by response.create, or after the caller stops speaking) plays the
/// next agent step; each time the caller stops speaking the next caller step is consumed. Replies registered
/// with <see cref="WhenAsked"/> answer a response.create by its instructions, wherever it falls in the call, and
/// out-of-band responses (conversation "none") speak <see cref="HoldingPhrase"/> without taking any step.
/// </summary>
public sealed class RealtimeScript(string marker)
{
    private readonly Queue<ScriptStep> _steps = new();
    private readonly List<(string Instructions, AgentStep Reply)> _answers = [];
    private readonly TaskCompletionSource<RealtimeSession> _session = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Text found in the session's instructions (e.g. the business name) that binds this script to a session.</summary>
    public string Marker { get; } = marker;

    /// <summary>The session this script was bound to, once the voice edge has opened it.</summary>
    public Task<RealtimeSession> Session => _session.Task;

    /// <summary>
    /// The agent says <paramref name="text"/> as <paramref name="ms"/> of audio (sent as fast as possible, like the
    /// real model, or in real time when <paramref name="paced"/>), then makes <paramref name="call"/> if given.
    /// </summary>
    public RealtimeScript Agent(string text, int ms = 800, bool paced = false, ScriptedCall? call = null)
    {
        _steps.Enqueue(new AgentStep(text, ms, paced, call));
        return this;
    }

    /// <summary>The agent calls a function without saying anything.</summary>
    public RealtimeScript Agent(ScriptedCall call)
    {
        _steps.Enqueue(new AgentStep(null, 0, false, call));
        return this;
    }

    /// <summary>The next time the caller speaks, the model transcribes it as <paramref name="transcript"/>.</summary>
    public RealtimeScript Caller(string transcript)
    {
        _steps.Enqueue(new CallerStep(transcript));
        return this;
    }

    /// <summary>At the next response, the model's server drops the connection without a close handshake.</summary>
    public RealtimeScript DropConnection()
    {
        _steps.Enqueue(new DropStep());
        return this;
    }

    /// <summary>
    /// At the next response, the session reaches OpenAI's session time limit: the server sends the
    /// session_expired error and closes the socket (1001, going away), as the real service does.
    /// </summary>
    public RealtimeScript ExpireSession()
    {
        _steps.Enqueue(new ExpireStep());
        return this;
    }

    /// <summary>
    /// At the next response, the model fails it: response.created, then response.done with status "failed" and
    /// the error <paramref name="code"/> in its status_details, as the real service reports e.g. a server error.
    /// </summary>
    public RealtimeScript FailResponse(string code = "server_error")
    {
        _steps.Enqueue(new FailStep(code));
        return this;
    }

    /// <summary>
    /// At the next response, the model answers with an error event instead (e.g. insufficient_quota) and gives
    /// no response; the socket stays open, as with the real service.
    /// </summary>
    public RealtimeScript ErrorInstead(string code)
    {
        _steps.Enqueue(new ErrorStep(code));
        return this;
    }

    /// <summary>
    /// Whenever the client asks for a response whose instructions contain <paramref name="instructions"/>, the
    /// agent says <paramref name="text"/> (in real time), whatever step the script is at.
    /// </summary>
    public RealtimeScript WhenAsked(string instructions, string text, int ms = 800)
    {
        lock (_answers)
        {
            _answers.Add((instructions, new AgentStep(text, ms, true, null)));
        }

        return this;
    }

    /// <summary>
    /// Holds out-of-band responses before they start (response.created) until the returned gate is opened: the
    /// model is slow to begin the holding phrase.
    /// </summary>
    public RequestGate HoldOutOfBandResponses() => OutOfBandGate = new RequestGate();

    internal RequestGate? OutOfBandGate { get; private set; }

    /// <summary>
    /// Audio already on its way when a response is cancelled: after each response.cancel the model still sends one
    /// delta of every response cancelled so far in the session, as in-flight deltas and late retransmissions do.
    /// </summary>
    public RealtimeScript DeltasAfterCancel()
    {
        SendsDeltasAfterCancel = true;
        return this;
    }

    internal bool SendsDeltasAfterCancel { get; private set; }

    /// <summary>What the model says in an out-of-band response (a holding phrase while a tool runs).</summary>
    public (string Text, int Ms) HoldingPhrase { get; set; } = ("One moment, I'm still working on that.", 600);

    internal AgentStep? AnswerFor(string? instructions)
    {
        if (instructions is null)
        {
            return null;
        }

        lock (_answers)
        {
            return _answers.FirstOrDefault(a => instructions.Contains(a.Instructions, StringComparison.Ordinal)).Reply;
        }
    }

    internal bool Bind(RealtimeSession session) => _session.TrySetResult(session);

    internal bool IsBound => _session.Task.IsCompleted;

    internal ScriptStep? Peek()
    {
        lock (_steps)
        {
            return _steps.TryPeek(out var step) ? step : null;
        }
    }

    /// <summary>Takes the next step if it is a <typeparamref name="T"/>.</summary>
    internal T? Take<T>()
        where T : ScriptStep
    {
        lock (_steps)
        {
            return _steps.TryPeek(out var step) && step is T ? (T)_steps.Dequeue() : null;
        }
    }
}

internal abstract record ScriptStep;

/// <summary>A step the model plays as a response: an agent turn or a dropped connection.</summary>
internal abstract record ResponseStep : ScriptStep;

internal sealed record AgentStep(string? Text, int Ms, bool Paced, ScriptedCall? Call) : ResponseStep;

internal sealed record CallerStep(string Transcript) : ScriptStep;

internal sealed record DropStep : ResponseStep;

internal sealed record ExpireStep : ResponseStep;

internal sealed record FailStep(string Code) : ResponseStep;

internal sealed record ErrorStep(string Code) : ResponseStep;
