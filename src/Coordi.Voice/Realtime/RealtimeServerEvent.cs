namespace Coordi.Voice.Realtime;

/// <summary>Server events of the OpenAI Realtime API (GA) that the bridge acts on.</summary>
public enum RealtimeEventType
{
    Other,
    SessionCreated,
    SessionUpdated,
    ResponseCreated,
    ResponseDone,
    OutputAudioDelta,
    OutputAudioTranscriptDone,
    InputTranscriptionCompleted,
    SpeechStarted,
    SpeechStopped,
    FunctionCallArgumentsDone,
    OutputItemAdded,
    Error,
}

/// <summary>
/// One parsed server event. Audio and ids are ranges into the receive buffer (no allocation for audio
/// deltas); text fields that are needed once per turn are materialised as strings.
/// </summary>
public struct RealtimeServerEvent
{
    public RealtimeEventType Type;
    public Range Delta;
    public bool DeltaEscaped;
    public Range ResponseId;
    public Range ItemId;
    public string? Transcript;
    public string? CallId;
    public string? Name;
    public string? Arguments;
    /// <summary>The error's code, or its type when it has no code: of an error event, or of a failed response.</summary>
    public string? ErrorCode;
    public string? ErrorMessage;
    public string? ResponseStatus;

    /// <summary>The response's metadata "purpose", set by the bridge on out-of-band responses (e.g. "filler").</summary>
    public string? ResponsePurpose;
    public long AudioEndMs;
}
