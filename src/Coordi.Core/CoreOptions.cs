using System.ComponentModel.DataAnnotations;

namespace Coordi.Core;

/// <summary>Bound from the "Coordi:Core" section, validated at start-up.</summary>
public sealed class CoreOptions
{
    public const string Section = "Coordi:Core";

    /// <summary>HTTP/2-only port for gRPC (h2c locally; TLS ends at the ingress).</summary>
    [Range(0, 65535)]
    public int GrpcPort { get; set; } = 5100;

    /// <summary>HTTP/1.1 port for /healthz and /readyz.</summary>
    [Range(0, 65535)]
    public int HealthPort { get; set; } = 5101;

    /// <summary>
    /// Internal callers (portal, voice edge) by name, each with its shared secret. Only these may send
    /// tenant metadata.
    /// </summary>
    [Required, MinLength(1)]
    public Dictionary<string, string> ServiceCredentials { get; set; } = [];

    /// <summary>How long a rendered agent config is served from memory when nothing on this instance changed it.</summary>
    [Range(1, 3600)]
    public int AgentConfigCacheSeconds { get; set; } = 60;

    /// <summary>
    /// Public base URL of the voice edge (Coordi:Voice:PublicBaseUrl there). Numbers bought or connected through the core
    /// get their voice webhook and status callback pointed here. Empty: numbers cannot be bought or connected.
    /// </summary>
    [Url]
    public string? VoicePublicBaseUrl { get; set; }

    /// <summary>
    /// Secret shared with the voice edge (Coordi:Voice:RecordingUrlSecret there) to sign recording links, which the
    /// voice edge serves from <see cref="VoicePublicBaseUrl"/>. Empty: recordings cannot be played.
    /// </summary>
    public string RecordingUrlSecret { get; set; } = "";

    /// <summary>Lifetime of a signed recording link.</summary>
    [Range(1, 24 * 60)]
    public int RecordingLinkMinutes { get; set; } = 60;

    /// <summary>Base URL of Twilio's REST API (scheme, host and port), for a regional edge or a proxy.</summary>
    [Required, Url]
    public string TwilioApiBaseUrl { get; set; } = "https://api.twilio.com";

    /// <summary>
    /// Unary calls worked on at once per instance; later ones wait their turn (up to 64 times as many, then UNAVAILABLE).
    /// Measured on 2 cores, 24 at once kept the background workers at pace with the writes under overload, where
    /// 64 let webhook deliveries fall seconds behind (bench/results/events-load.md); hence 12 per processor.
    /// </summary>
    [Range(1, 10000)]
    public int MaxConcurrentRequests { get; set; } = 12 * Environment.ProcessorCount;

    /// <summary>Default concurrent-call cap of a new organization.</summary>
    [Range(1, 1000)]
    public int DefaultConcurrentCallCap { get; set; } = 5;
}
