using System.ComponentModel.DataAnnotations;

namespace Coordi.Voice;

/// <summary>Bound from "Coordi:Voice", validated at start-up.</summary>
public sealed class VoiceOptions
{
    public const string Section = "Coordi:Voice";

    /// <summary>HTTP/1.1 port for Twilio webhooks, the media WebSocket and health.</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 5200;

    /// <summary>
    /// HTTP/1.1 port that serves /metrics (and the health probes) apart from the public port, so the ingress never
    /// exposes the scrape. 0: no separate port, /metrics is served on <see cref="Port"/> (local runs).
    /// </summary>
    [Range(0, 65535)]
    public int ManagementPort { get; set; }

    /// <summary>
    /// The public https URL Twilio reaches this service at (e.g. "https://voice.example.com"). Twilio signs the
    /// exact URL it called, so signatures are checked against this, not the URL a proxy forwarded.
    /// </summary>
    [Required, Url]
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>The core's gRPC address (HTTP/2): "http://host:5100", or "dns:///host:5100" to balance across pods.</summary>
    [Required]
    public string CoreAddress { get; set; } = "http://127.0.0.1:5100";

    /// <summary>This service's credential at the core.</summary>
    [Required, MinLength(32)]
    public string CoreCredential { get; set; } = "";

    /// <summary>Platform Twilio account, used when a tenant has none of its own.</summary>
    public string TwilioAccountSid { get; set; } = "";

    public string TwilioAuthToken { get; set; } = "";

    /// <summary>
    /// Base URL of Twilio's REST API. Requests are sent here instead of https://api.twilio.com when set to
    /// something else (a regional edge, an egress proxy).
    /// </summary>
    [Required, Url]
    public string TwilioApiBaseUrl { get; set; } = "https://api.twilio.com";

    /// <summary>Platform OpenAI key and model, used when a tenant has none of its own.</summary>
    public string OpenAiApiKey { get; set; } = "";

    public string OpenAiModel { get; set; } = "gpt-realtime";

    /// <summary>Realtime WebSocket endpoint; the model is appended as ?model=.</summary>
    [Required]
    public string OpenAiRealtimeUrl { get; set; } = "wss://api.openai.com/v1/realtime";

    /// <summary>Secret that signs the per-call token the media stream must present.</summary>
    [Required, MinLength(32)]
    public string StreamTokenSecret { get; set; } = "";

    /// <summary>
    /// Local work folder where a call's audio tracks are written while it runs; the finished recording goes to the
    /// object store (<see cref="RecordingStorageOptions"/>) and is deleted here.
    /// </summary>
    [Required]
    public string RecordingsPath { get; set; } = "data/recordings";

    /// <summary>
    /// Secret shared with the core, which signs playback links to recordings (GET /recordings). Empty: recordings
    /// are not served.
    /// </summary>
    public string RecordingUrlSecret { get; set; } = "";

    /// <summary>Folder of the durable outbox of core writes not yet acknowledged.</summary>
    [Required]
    public string OutboxPath { get; set; } = "data/outbox";

    /// <summary>Live calls per organization when the organization sets no cap.</summary>
    [Range(1, 10000)]
    public int DefaultConcurrentCallCap { get; set; } = 5;

    /// <summary>
    /// Longest a call may last: then the agent says goodbye and the call is hung up. Keep it under the Realtime
    /// session limit (60 minutes), so the model is still there to say goodbye.
    /// </summary>
    [Range(5, 7200)]
    public int MaxCallSeconds { get; set; } = 1800;

    /// <summary>How long shutdown waits for live calls to finish on their own before wrapping them up.</summary>
    [Range(0, 7200)]
    public int DrainSeconds { get; set; } = 600;

    /// <summary>Longest the agent's goodbye may take when the edge ends a call (time limit, shutdown) before it hangs up anyway.</summary>
    [Range(1, 120)]
    public int GoodbyeSeconds { get; set; } = 15;

    /// <summary>
    /// How long a tool may run in silence before the agent tells the caller it is still working on it (an
    /// out-of-band response, ADR 012). 0 turns the holding phrase off.
    /// </summary>
    [Range(0, 60_000)]
    public int ToolFillerDelayMs { get; set; } = 1200;
}
