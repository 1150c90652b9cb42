namespace Coordi.Voice.Media;

/// <summary>Events Twilio sends on a Media Stream.</summary>
public enum TwilioEventType
{
    Unknown,
    Connected,
    Start,
    Media,
    Dtmf,
    Mark,
    Stop,
}

/// <summary>
/// One parsed inbound frame. Audio and mark names are ranges into the receive buffer, so a media frame
/// is parsed without allocating; only the once-per-call start event allocates (<see cref="Start"/>).
/// </summary>
public struct TwilioInboundFrame
{
    public TwilioEventType Event;

    /// <summary>Base64 μ-law payload of a media frame, as sent (no decoding).</summary>
    public Range Payload;

    /// <summary>True when the payload had JSON escapes and must be unescaped before use.</summary>
    public bool PayloadEscaped;

    /// <summary>Milliseconds since the stream started, from media.timestamp.</summary>
    public long TimestampMs;

    /// <summary>"inbound" for caller audio.</summary>
    public bool InboundTrack;

    public Range MarkName;

    public char Digit;

    public TwilioStreamStart? Start;
}

/// <summary>Fields of the start event: which call this stream belongs to and how its audio is encoded.</summary>
public sealed class TwilioStreamStart
{
    public string StreamSid { get; set; } = "";
    public string CallSid { get; set; } = "";
    public string AccountSid { get; set; } = "";
    public string Encoding { get; set; } = "";
    public int SampleRate { get; set; }
    public int Channels { get; set; }
    public Dictionary<string, string> CustomParameters { get; } = new(StringComparer.Ordinal);
}
