using System.ClientModel;
using System.Security.Cryptography;
using System.Text;
using Coordi.Contracts.V1;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Audio;

namespace Coordi.Portal.Agent;

/// <summary>
/// Speaks a greeting in one of the agent's voices through OpenAI text-to-speech. The organization's own key is
/// used when it has one (the portal is a service caller, so the core hands it over), else the platform's.
/// Audio is cached in memory per voice and text: previews are replayed often and cost money each time.
/// </summary>
public sealed class VoicePreview(IOptions<PortalOptions> options, ILogger<VoicePreview> logger) : IDisposable
{
    public const int MaxTextLength = 500;

    private static readonly TimeSpan CacheTime = TimeSpan.FromHours(6);

    private readonly PortalOptions _options = options.Value;

    // Its own bounded cache: audio is large, and a size limit on the shared cache would bind every other entry.
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 64 * 1024 * 1024 });

    /// <summary>Returns the cache key of the audio, or an error a person can act on.</summary>
    public async Task<VoicePreviewResult> SpeakAsync(ProfileService.ProfileServiceClient profiles, string voice, string text, CancellationToken cancellationToken)
    {
        text = text.Trim();
        if (text.Length == 0 || text.Length > MaxTextLength)
        {
            return VoicePreviewResult.Error($"Write a greeting of 1 to {MaxTextLength} characters to hear it.");
        }

        if (!AgentVoices.All.Contains(voice))
        {
            return VoicePreviewResult.Error("Choose one of the listed voices.");
        }

        var key = Key(voice, text);
        if (_cache.TryGetValue(CacheKey(key), out byte[]? _))
        {
            return VoicePreviewResult.Ready(key);
        }

        var config = await profiles.GetAgentConfigAsync(new GetAgentConfigRequest(), cancellationToken: cancellationToken);
        var apiKey = config.OpenaiApiKey is { Length: > 0 } own ? own : _options.OpenAiApiKey;
        if (string.IsNullOrEmpty(apiKey))
        {
            return VoicePreviewResult.Error("Voice previews need an OpenAI API key. An owner can add the organization's key under Integrations.");
        }

        try
        {
            var client = new AudioClient(_options.OpenAiSpeechModel, new ApiKeyCredential(apiKey), ClientOptions());
            var speech = await client.GenerateSpeechAsync(text, new GeneratedSpeechVoice(voice),
                new SpeechGenerationOptions { ResponseFormat = GeneratedSpeechFormat.Mp3 }, cancellationToken);
            var audio = speech.Value.ToArray();
            _cache.Set(CacheKey(key), audio, new MemoryCacheEntryOptions { SlidingExpiration = CacheTime, Size = audio.Length });
            return VoicePreviewResult.Ready(key);
        }
        catch (ClientResultException ex)
        {
            logger.LogWarning(ex, "Text-to-speech failed with status {Status}", ex.Status);
            return VoicePreviewResult.Error(ex.Status is 401 or 403
                ? "OpenAI refused the API key. Check the key under Integrations."
                : "OpenAI could not speak the greeting just now. Please try again.");
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning(ex, "Text-to-speech was unreachable");
            return VoicePreviewResult.Error("OpenAI could not be reached. Please try again.");
        }
    }

    public byte[]? Audio(string key) => _cache.TryGetValue(CacheKey(key), out byte[]? audio) ? audio : null;

    public void Dispose() => _cache.Dispose();

    private OpenAIClientOptions ClientOptions()
    {
        var clientOptions = new OpenAIClientOptions { NetworkTimeout = TimeSpan.FromSeconds(30) };
        if (_options.OpenAiBaseUrl.Length > 0)
        {
            clientOptions.Endpoint = new Uri(_options.OpenAiBaseUrl);
        }

        return clientOptions;
    }

    private static string Key(string voice, string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(voice + "\n" + text)))[..32];

    private static string CacheKey(string key) => "voice-preview:" + key;
}

public sealed record VoicePreviewResult(string? AudioKey, string? ErrorMessage)
{
    public static VoicePreviewResult Ready(string key) => new(key, null);

    public static VoicePreviewResult Error(string message) => new(null, message);
}

public static class AgentVoices
{
    /// <summary>The Realtime voices the core accepts; the preview speaks in the same one.</summary>
    public static readonly string[] All = ["alloy", "ash", "ballad", "coral", "echo", "sage", "shimmer", "verse", "marin", "cedar"];
}
