using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace Coordi.Testing.Fakes;

/// <summary>
/// One client connection to the <see cref="RealtimeEmulator"/>, speaking the GA Realtime protocol: records
/// what the client configured and sent, detects caller speech by energy (server VAD), and plays its
/// <see cref="RealtimeScript"/> as responses. Out-of-band responses (response.conversation "none") are spoken
/// with their own audio tag and recorded apart; like every response they run one at a time.
/// </summary>
public sealed class RealtimeSession
{
    /// <summary>The byte value the audio of out-of-band replies (holding phrases) is made of.</summary>
    public const byte HoldingPhraseTag = 0x18;

    private const int DeltaBytes = 100 * MuLawAudio.BytesPerMs;

    private readonly WebSocket _socket;
    private readonly HttpContext _context;
    private readonly Func<RealtimeSession, string, RealtimeScript?> _bind;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Lock _gate = new();
    private readonly Channel<Func<Task>> _work = Channel.CreateUnbounded<Func<Task>>();
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string?> _responseRequests = [];
    private readonly List<ResponseRequest> _allResponseRequests = [];
    private readonly List<Reply> _outOfBandReplies = [];
    private readonly List<FunctionCallMade> _functionCalls = [];
    private readonly List<FunctionOutput> _functionOutputs = [];
    private readonly List<Truncation> _truncations = [];
    private readonly List<Reply> _replies = [];
    private readonly List<Reply> _cancelledReplies = [];
    private Reply? _speaking;
    private readonly List<string> _callerTranscripts = [];
    private readonly List<string> _userMessages = [];
    private readonly EnergyVad _vad = new();
    private RealtimeScript _script = new("");
    private JsonElement? _lastOutput;
    private CancellationTokenSource? _activeResponse;
    private int _pendingWork;
    private int _ids;
    private string _speechItem = "";
    private long _audioBytes;

    internal RealtimeSession(WebSocket socket, HttpContext context, string model, Func<RealtimeSession, string, RealtimeScript?> bind)
    {
        _socket = socket;
        _context = context;
        _bind = bind;
        Model = model;
    }

    public string Model { get; }

    public string? Instructions { get; private set; }

    public string? Voice { get; private set; }

    public string? InputAudioFormat { get; private set; }

    public string? OutputAudioFormat { get; private set; }

    public int SilenceDurationMs => _vad.SilenceDurationMs;

    public IReadOnlyList<string> Tools { get; private set; } = [];

    public int CancelRequests { get; private set; }

    public bool Dropped { get; private set; }

    /// <summary>The session was ended with the session_expired error.</summary>
    public bool Expired { get; private set; }

    /// <summary><see cref="Stopwatch"/> timestamp at which the scripted failure (failed response or error event) was sent; 0 before.</summary>
    public long FailedAt { get; private set; }

    /// <summary>An unexpected error inside the emulator (a bug of the fake or a message it could not read); null normally.</summary>
    public Exception? Fault { get; private set; }

    public long AudioBytesReceived => Interlocked.Read(ref _audioBytes);

    /// <summary>Called as the model detects that the caller stopped speaking, just before it says so (for latency measurements).</summary>
    public Action? SpeechStoppedObserver { get; set; }

    public Task Ended => _ended.Task;

    /// <summary>Instructions of each response.create in the conversation (null when it had none).</summary>
    public IReadOnlyList<string?> ResponseRequests => Snapshot(_responseRequests);

    /// <summary>Every response.create, in the conversation or out of band, in the order received.</summary>
    public IReadOnlyList<ResponseRequest> AllResponseRequests => Snapshot(_allResponseRequests);

    /// <summary>The replies of out-of-band responses, made of <see cref="HoldingPhraseTag"/> audio.</summary>
    public IReadOnlyList<Reply> OutOfBandReplies => Snapshot(_outOfBandReplies);

    public IReadOnlyList<FunctionCallMade> FunctionCalls => Snapshot(_functionCalls);

    public IReadOnlyList<FunctionOutput> FunctionOutputs => Snapshot(_functionOutputs);

    public IReadOnlyList<Truncation> Truncations => Snapshot(_truncations);

    public IReadOnlyList<Reply> Replies => Snapshot(_replies);

    /// <summary>Audio deltas sent after their response was cancelled (see <see cref="RealtimeScript.DeltasAfterCancel"/>).</summary>
    public int DeltasSentAfterCancel { get; private set; }

    public IReadOnlyList<string> CallerTranscripts => Snapshot(_callerTranscripts);

    /// <summary>Text of user messages the client added (e.g. a keypad digit).</summary>
    public IReadOnlyList<string> UserMessages => Snapshot(_userMessages);

    /// <summary>The model has nothing more to say until the caller speaks: no response playing or pending, and the script waits for the caller (or is done).</summary>
    public bool AwaitingCaller
    {
        get
        {
            lock (_gate)
            {
                return _pendingWork == 0 && !_vad.Speaking && _script.Peek() is null or CallerStep;
            }
        }
    }

    /// <summary>The byte value the audio of the <paramref name="index"/>-th reply of a session is made of (never silence).</summary>
    public static byte AudioTag(int index) => (byte)(0x20 + (index % 0x50));

    internal async Task RunAsync()
    {
        var responder = RespondLoopAsync();
        try
        {
            await SendAsync(new { type = "session.created", event_id = NextId("event"), session = new { type = "realtime", @object = "realtime.session", id = NextId("sess"), model = Model } });
            await ReceiveLoopAsync();
        }
        catch (Exception ex)
        {
            // The client going away (or the script dropping the connection) ends a session; anything else is a fault of the fake.
            Fault = IsConnectionEnd(ex) ? null : ex;
        }
        finally
        {
            _work.Writer.TryComplete();
            lock (_gate)
            {
                _activeResponse?.Cancel();
            }

            await responder.ContinueWith(_ => { });
            _ended.TrySetResult();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer.AsMemory(), _context.RequestAborted);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                if (_socket.State == WebSocketState.CloseReceived)
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                }

                return;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                using (var json = JsonDocument.Parse(message.GetBuffer().AsMemory(0, (int)message.Length)))
                {
                    await HandleAsync(json.RootElement);
                }

                message.SetLength(0);
            }
        }
    }

    private async Task HandleAsync(JsonElement e)
    {
        switch (e.GetProperty("type").GetString())
        {
            case "session.update":
                var session = e.GetProperty("session");
                Configure(session);
                await SendAsync(new { type = "session.updated", event_id = NextId("event"), session });
                break;
            case "input_audio_buffer.append":
                await OnAudioAsync(Convert.FromBase64String(e.GetProperty("audio").GetString()!));
                break;
            case "response.create":
                var request = ReadResponseRequest(e);
                lock (_gate)
                {
                    _allResponseRequests.Add(request);
                    if (!request.OutOfBand)
                    {
                        _responseRequests.Add(request.Instructions);
                    }
                }

                if (request.OutOfBand)
                {
                    Schedule(() => RespondOutOfBandAsync(request));
                }
                else
                {
                    var answer = _script.AnswerFor(request.Instructions);
                    Schedule(() => RespondAsync(requested: true, answer));
                }

                break;
            case "response.cancel":
                await OnCancelAsync();
                break;
            case "conversation.item.truncate":
                var itemId = e.GetProperty("item_id").GetString()!;
                var endMs = e.GetProperty("audio_end_ms").GetInt64();
                lock (_gate)
                {
                    _truncations.Add(new Truncation(itemId, endMs));
                }

                await SendAsync(new { type = "conversation.item.truncated", event_id = NextId("event"), item_id = itemId, content_index = 0, audio_end_ms = endMs });
                break;
            case "conversation.item.create":
                await OnItemAsync(e.GetProperty("item"));
                break;
        }
    }

    private void Configure(JsonElement session)
    {
        var script = _bind(this, session.GetProperty("instructions").GetString() ?? "");
        lock (_gate)
        {
            Instructions = session.GetProperty("instructions").GetString();
            var audio = session.GetProperty("audio");
            InputAudioFormat = audio.GetProperty("input").GetProperty("format").GetProperty("type").GetString();
            OutputAudioFormat = audio.GetProperty("output").GetProperty("format").GetProperty("type").GetString();
            Voice = audio.GetProperty("output").GetProperty("voice").GetString();
            if (audio.GetProperty("input").TryGetProperty("turn_detection", out var vad) && vad.TryGetProperty("silence_duration_ms", out var silence))
            {
                _vad.SilenceDurationMs = silence.GetInt32();
            }

            Tools = session.TryGetProperty("tools", out var tools) ? tools.EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToList() : [];
            _script = script ?? _script;
        }
    }

    private async Task OnAudioAsync(byte[] audio)
    {
        Interlocked.Add(ref _audioBytes, audio.Length);
        VadChange change;
        lock (_gate)
        {
            change = _vad.Feed(audio);
            if (change == VadChange.SpeechStarted)
            {
                _speechItem = NextId("item");
            }
            else if (change == VadChange.SpeechStopped)
            {
                _pendingWork++; // the caller's turn is taken from here on, so the session never looks idle in between
            }
        }

        switch (change)
        {
            case VadChange.SpeechStarted:
                await SendAsync(new { type = "input_audio_buffer.speech_started", event_id = NextId("event"), audio_start_ms = _vad.SpeechStartMs, item_id = _speechItem });
                break;
            case VadChange.SpeechStopped:
                SpeechStoppedObserver?.Invoke();
                var item = _speechItem;
                await SendAsync(new { type = "input_audio_buffer.speech_stopped", event_id = NextId("event"), audio_end_ms = _vad.SpeechEndMs, item_id = item });
                await SendAsync(new { type = "input_audio_buffer.committed", event_id = NextId("event"), previous_item_id = (string?)null, item_id = item });
                _work.Writer.TryWrite(() => CallerFinishedAsync(item));
                break;
        }
    }

    private async Task OnCancelAsync()
    {
        bool active;
        List<Reply> late = [];
        lock (_gate)
        {
            CancelRequests++;
            active = _activeResponse is not null;
            _activeResponse?.Cancel();
            if (active && _speaking is { } speaking && !_cancelledReplies.Contains(speaking))
            {
                _cancelledReplies.Add(speaking);
            }

            if (_script.SendsDeltasAfterCancel)
            {
                late.AddRange(_cancelledReplies);
            }
        }

        if (!active)
        {
            await SendAsync(new { type = "error", event_id = NextId("event"), error = new { type = "invalid_request_error", code = "response_cancel_not_active", message = "Cancellation failed: no active response found." } });
        }

        foreach (var reply in late)
        {
            var audio = new byte[DeltaBytes];
            audio.AsSpan().Fill(reply.Tag);
            await SendAsync(new { type = "response.output_audio.delta", event_id = NextId("event"), response_id = reply.ResponseId, item_id = reply.ItemId, output_index = 0, content_index = 0, delta = Convert.ToBase64String(audio) });
            lock (_gate)
            {
                DeltasSentAfterCancel++;
            }
        }
    }

    private async Task OnItemAsync(JsonElement item)
    {
        switch (item.GetProperty("type").GetString())
        {
            case "function_call_output":
                var output = new FunctionOutput(item.GetProperty("call_id").GetString()!, item.GetProperty("output").GetString()!);
                lock (_gate)
                {
                    _functionOutputs.Add(output);
                    _lastOutput = output.Json;
                }

                break;
            case "message":
                lock (_gate)
                {
                    _userMessages.AddRange(item.GetProperty("content").EnumerateArray().Select(c => c.TryGetProperty("text", out var t) ? t.GetString() ?? "" : ""));
                }

                break;
        }

        await SendAsync(new { type = "conversation.item.added", event_id = NextId("event"), item = new { id = NextId("item"), type = item.GetProperty("type").GetString() } });
    }

    private async Task CallerFinishedAsync(string itemId)
    {
        var heard = _script.Take<CallerStep>();
        if (heard is null)
        {
            return;
        }

        lock (_gate)
        {
            _callerTranscripts.Add(heard.Transcript);
        }

        await SendAsync(new { type = "conversation.item.input_audio_transcription.completed", event_id = NextId("event"), item_id = itemId, content_index = 0, transcript = heard.Transcript });
        await RespondAsync(requested: false); // server VAD creates the response
    }

    private static ResponseRequest ReadResponseRequest(JsonElement e)
    {
        if (!e.TryGetProperty("response", out var r) || r.ValueKind != JsonValueKind.Object)
        {
            return new ResponseRequest(null, null, null, null);
        }

        static string? Text(JsonElement o, string name) => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var purpose = r.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? Text(m, "purpose") : null;
        return new ResponseRequest(Text(r, "instructions"), Text(r, "conversation"), Text(r, "tool_choice"), purpose);
    }

    private async Task RespondAsync(bool requested, AgentStep? answer = null)
    {
        var step = answer ?? _script.Take<ResponseStep>();
        if (step is DropStep)
        {
            Dropped = true;
            _socket.Abort();
            _context.Abort();
            return;
        }

        if (step is ExpireStep)
        {
            await ExpireAsync();
            return;
        }

        if (step is ErrorStep error)
        {
            FailedAt = Stopwatch.GetTimestamp();
            await SendAsync(new { type = "error", event_id = NextId("event"), error = new { type = error.Code, code = error.Code, message = $"The request failed: {error.Code}.", param = (string?)null, event_id = (string?)null } });
            return;
        }

        if (step is FailStep failed)
        {
            var failedId = NextId("resp");
            await SendAsync(new { type = "response.created", event_id = NextId("event"), response = new { @object = "realtime.response", id = failedId, status = "in_progress", output = Array.Empty<object>() } });
            FailedAt = Stopwatch.GetTimestamp();
            await SendAsync(new
            {
                type = "response.done",
                event_id = NextId("event"),
                response = new
                {
                    @object = "realtime.response",
                    id = failedId,
                    status = "failed",
                    status_details = new { type = "failed", error = new { type = failed.Code, code = failed.Code } },
                    output = Array.Empty<object>(),
                },
            });
            return;
        }

        var agent = step as AgentStep;
        if (agent is null && !requested)
        {
            return;
        }

        var responseId = NextId("resp");
        using var cancel = new CancellationTokenSource();
        lock (_gate)
        {
            _activeResponse = cancel;
        }

        var completed = true;
        try
        {
            await SendAsync(new { type = "response.created", event_id = NextId("event"), response = new { @object = "realtime.response", id = responseId, status = "in_progress", output = Array.Empty<object>() } });
            if (agent?.Text is not null)
            {
                completed = await SpeakAsync(responseId, agent, cancel.Token);
            }

            if (completed && agent?.Call is not null)
            {
                await CallFunctionAsync(responseId, agent.Call);
            }
        }
        finally
        {
            lock (_gate)
            {
                _activeResponse = null;
            }
        }

        completed &= !cancel.IsCancellationRequested;
        await SendAsync(new
        {
            type = "response.done",
            event_id = NextId("event"),
            response = new { @object = "realtime.response", id = responseId, status = completed ? "completed" : "cancelled", output = Array.Empty<object>() },
        });
    }

    /// <summary>OpenAI's session time limit: the session_expired error, then the server closes the socket (going away).</summary>
    private async Task ExpireAsync()
    {
        const string message = "Your session hit the maximum duration of 60 minutes.";
        Expired = true;
        await SendAsync(new { type = "error", event_id = NextId("event"), error = new { type = "invalid_request_error", code = "session_expired", message, param = (string?)null, event_id = (string?)null } });
        await _sendLock.WaitAsync();
        try
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, message, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>A response outside the conversation: it speaks the script's holding phrase and takes no step.</summary>
    private async Task RespondOutOfBandAsync(ResponseRequest request)
    {
        if (_script.OutOfBandGate is { } gate)
        {
            await gate.PassAsync();
        }

        var responseId = NextId("resp");
        var metadata = request.Purpose is null ? null : new Dictionary<string, string> { ["purpose"] = request.Purpose };
        using var cancel = new CancellationTokenSource();
        lock (_gate)
        {
            _activeResponse = cancel;
        }

        var completed = true;
        try
        {
            await SendAsync(new { type = "response.created", event_id = NextId("event"), response = new { @object = "realtime.response", id = responseId, status = "in_progress", conversation_id = (string?)null, metadata, output = Array.Empty<object>() } });
            var (text, ms) = _script.HoldingPhrase;
            completed = await SpeakAsync(responseId, new AgentStep(text, ms, false, null), cancel.Token, outOfBand: true);
        }
        finally
        {
            lock (_gate)
            {
                _activeResponse = null;
            }
        }

        completed &= !cancel.IsCancellationRequested;
        await SendAsync(new
        {
            type = "response.done",
            event_id = NextId("event"),
            response = new { @object = "realtime.response", id = responseId, status = completed ? "completed" : "cancelled", conversation_id = (string?)null, metadata, output = Array.Empty<object>() },
        });
    }

    /// <summary>Sends the reply's audio in 100 ms deltas; false when the response was cancelled part way.</summary>
    private async Task<bool> SpeakAsync(string responseId, AgentStep step, CancellationToken cancelled, bool outOfBand = false)
    {
        var itemId = NextId("item");
        Reply reply;
        lock (_gate)
        {
            reply = new Reply(responseId, itemId, step.Text!, outOfBand ? HoldingPhraseTag : AudioTag(_replies.Count), step.Ms * MuLawAudio.BytesPerMs);
            (outOfBand ? _outOfBandReplies : _replies).Add(reply);
            _speaking = reply;
        }

        await SendAsync(new { type = "response.output_item.added", event_id = NextId("event"), response_id = responseId, output_index = 0, item = new { id = itemId, @object = "realtime.item", type = "message", role = "assistant", status = "in_progress", content = Array.Empty<object>() } });
        var clock = Stopwatch.StartNew();
        for (var delta = 0; reply.BytesSent < reply.TotalBytes; delta++)
        {
            if (step.Paced)
            {
                var wait = TimeSpan.FromMilliseconds(delta * 100) - clock.Elapsed;
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, cancelled).ContinueWith(_ => { });
            }

            if (cancelled.IsCancellationRequested)
            {
                lock (_gate)
                {
                    reply.Cancelled = true;
                }

                // As the real service does, the cut item is closed with the transcript of the audio generated so far.
                var generated = PartialText(step.Text!, reply.BytesSent, reply.TotalBytes);
                await SendAsync(new { type = "response.output_audio.done", event_id = NextId("event"), response_id = responseId, item_id = itemId, output_index = 0, content_index = 0 });
                await SendAsync(new { type = "response.output_audio_transcript.done", event_id = NextId("event"), response_id = responseId, item_id = itemId, output_index = 0, content_index = 0, transcript = generated });
                await SendAsync(new { type = "response.output_item.done", event_id = NextId("event"), response_id = responseId, output_index = 0, item = new { id = itemId, @object = "realtime.item", type = "message", role = "assistant", status = "incomplete" } });
                return false;
            }

            var audio = new byte[Math.Min(DeltaBytes, reply.TotalBytes - reply.BytesSent)];
            audio.AsSpan().Fill(reply.Tag);
            await SendAsync(new { type = "response.output_audio.delta", event_id = NextId("event"), response_id = responseId, item_id = itemId, output_index = 0, content_index = 0, delta = Convert.ToBase64String(audio) });
            lock (_gate)
            {
                reply.BytesSent += audio.Length;
            }
        }

        lock (_gate)
        {
            _speaking = null; // spoken in full: a later cancel cuts nothing of it
        }

        await SendAsync(new { type = "response.output_audio.done", event_id = NextId("event"), response_id = responseId, item_id = itemId, output_index = 0, content_index = 0 });
        await SendAsync(new { type = "response.output_audio_transcript.done", event_id = NextId("event"), response_id = responseId, item_id = itemId, output_index = 0, content_index = 0, transcript = step.Text });
        await SendAsync(new { type = "response.output_item.done", event_id = NextId("event"), response_id = responseId, output_index = 0, item = new { id = itemId, @object = "realtime.item", type = "message", role = "assistant", status = "completed" } });
        return true;
    }

    /// <summary>The words of <paramref name="text"/> spoken in the first <paramref name="bytes"/> of its <paramref name="totalBytes"/> of audio.</summary>
    public static string PartialText(string text, long bytes, long totalBytes)
    {
        var end = totalBytes <= 0 ? text.Length : (int)(text.Length * Math.Clamp(bytes, 0, totalBytes) / totalBytes);
        while (end > 0 && end < text.Length && !char.IsWhiteSpace(text[end]))
        {
            end--;
        }

        return text[..end].TrimEnd();
    }

    private async Task CallFunctionAsync(string responseId, ScriptedCall call)
    {
        string arguments, callId = NextId("call"), itemId = NextId("item");
        lock (_gate)
        {
            arguments = JsonSerializer.Serialize(call.Arguments(_lastOutput), WireJson.Options);
            _functionCalls.Add(new FunctionCallMade(call.Name, callId, arguments));
        }

        await SendAsync(new { type = "response.output_item.added", event_id = NextId("event"), response_id = responseId, output_index = 1, item = new { id = itemId, @object = "realtime.item", type = "function_call", status = "in_progress", name = call.Name, call_id = callId, arguments = "" } });
        await SendAsync(new { type = "response.function_call_arguments.done", event_id = NextId("event"), response_id = responseId, item_id = itemId, output_index = 1, call_id = callId, name = call.Name, arguments });
        await SendAsync(new { type = "response.output_item.done", event_id = NextId("event"), response_id = responseId, output_index = 1, item = new { id = itemId, @object = "realtime.item", type = "function_call", status = "completed", name = call.Name, call_id = callId, arguments } });
    }

    /// <summary>Responses run one at a time, in order, off the receive loop (so a cancel can arrive while one plays).</summary>
    private void Schedule(Func<Task> work)
    {
        lock (_gate)
        {
            _pendingWork++;
        }

        _work.Writer.TryWrite(work);
    }

    private async Task RespondLoopAsync()
    {
        await foreach (var work in _work.Reader.ReadAllAsync())
        {
            try
            {
                await work();
            }
            catch (Exception ex)
            {
                Fault ??= IsConnectionEnd(ex) ? null : ex;
            }
            finally
            {
                lock (_gate)
                {
                    _pendingWork--;
                }
            }
        }
    }

    private async Task SendAsync(object message)
    {
        var bytes = WireJson.Bytes(message);
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private static bool IsConnectionEnd(Exception ex) => ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException;

    private string NextId(string prefix) => $"{prefix}_{Interlocked.Increment(ref _ids):D6}";

    private IReadOnlyList<T> Snapshot<T>(List<T> list)
    {
        lock (_gate)
        {
            return [.. list];
        }
    }
}
