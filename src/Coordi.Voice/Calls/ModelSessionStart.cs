using System.Net.WebSockets;
using Coordi.Voice.Realtime;

namespace Coordi.Voice.Calls;

/// <summary>
/// Opens the model's session for a call: the tenant's key and model (or the platform's), the session settings,
/// and the greeting, since callers expect to be greeted first. Null when the model cannot be reached.
/// </summary>
internal static class ModelSessionStart
{
    public static async Task<RealtimeConnection?> OpenAsync(LiveCall call, VoiceOptions options, VoiceMetrics metrics, ILogger logger)
    {
        var key = string.IsNullOrEmpty(call.Config.OpenaiApiKey) ? options.OpenAiApiKey : call.Config.OpenaiApiKey;
        var model = string.IsNullOrEmpty(call.Config.OpenaiModel) ? options.OpenAiModel : call.Config.OpenaiModel;
        if (string.IsNullOrEmpty(key))
        {
            logger.LogError("No OpenAI key for this tenant and no platform key configured");
            return null;
        }

        RealtimeConnection? realtime = null;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var endpoint = new Uri($"{options.OpenAiRealtimeUrl}?model={Uri.EscapeDataString(model)}");
            realtime = await RealtimeConnection.ConnectAsync(endpoint, key, timeout.Token);
            await realtime.SendAsync(w => RealtimeSessionSettings.WriteSessionUpdate(w, call.Config), timeout.Token);

            // The agent speaks first: callers expect to be greeted.
            await realtime.SendAsync(w => RealtimeSessionSettings.WriteResponseCreate(w, GreetingInstructions(call)), timeout.Token);
            return realtime;
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or HttpRequestException)
        {
            logger.LogError(ex, "Could not open the Realtime session");
            metrics.RealtimeFailure();
            if (realtime is not null)
            {
                await realtime.DisposeAsync();
            }

            return null;
        }
    }

    private static string GreetingInstructions(LiveCall call)
    {
        var agent = call.Config.Agent;
        var parts = new List<string> { $"Greet the caller now, saying: \"{agent?.Greeting}\"" };
        if (agent?.AiDisclosure == true)
        {
            parts.Add("Mention that you are an AI assistant.");
        }

        if (agent?.RecordingDisclosure == true && call.Config.RecordingEnabled)
        {
            parts.Add("Mention that the call may be recorded.");
        }

        return string.Join(' ', parts);
    }
}
