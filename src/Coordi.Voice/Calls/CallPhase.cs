namespace Coordi.Voice.Calls;

/// <summary>Where a call is in its life; it only ever moves down this list.</summary>
public enum CallPhase
{
    /// <summary>The media stream is up and the model's session is being opened.</summary>
    Connecting,

    /// <summary>The caller and the agent are talking.</summary>
    Talking,

    /// <summary>A tool ended the conversation (goodbye or transfer): the stream closes once the agent's last words have played.</summary>
    Finishing,

    /// <summary>The edge ended the call (time limit, shutdown): the agent says goodbye, then the call is hung up.</summary>
    SayingGoodbye,

    /// <summary>The stream is closing or closed; nothing more is said or sent.</summary>
    Ending,
}
