using System.Text;

namespace Coordi.Voice.Benchmarks;

/// <summary>Frames as they arrive on a live call, with audio of realistic size.</summary>
public static class AudioFrames
{
    public const string StreamSid = "MZ18ad3ab5a668481ce02b83e7395059f0";

    /// <summary>What Twilio sends every 20 ms: 160 bytes of μ-law (216 base64 characters).</summary>
    public static readonly byte[] CallerAudioBase64 = Base64(Audio(160, seed: 7));

    public const int AgentAudioBytes = 800;

    /// <summary>A Realtime output delta of 100 ms of pcmu (800 bytes, 1068 base64 characters).</summary>
    public static readonly byte[] AgentAudioBase64 = Base64(Audio(AgentAudioBytes, seed: 11));

    public static readonly byte[] TwilioMediaFrame = Encoding.UTF8.GetBytes(
        "{\"event\":\"media\",\"sequenceNumber\":\"4242\",\"media\":{\"track\":\"inbound\",\"chunk\":\"4241\",\"timestamp\":\"84820\",\"payload\":\""
        + Encoding.ASCII.GetString(CallerAudioBase64) + "\"},\"streamSid\":\"" + StreamSid + "\"}");

    public static readonly byte[] RealtimeAudioDelta = Encoding.UTF8.GetBytes(
        "{\"type\":\"response.output_audio.delta\",\"event_id\":\"event_CWLmR4qjVr2X1xE0bzvHe\",\"response_id\":\"resp_CWLmQ0ayH5m2DcFKKH4Ty\","
        + "\"item_id\":\"item_CWLmQ7nlmRcXCbLxZcwUV\",\"output_index\":0,\"content_index\":0,\"delta\":\""
        + Encoding.ASCII.GetString(AgentAudioBase64) + "\"}");

    public static readonly byte[] AgentItemId = "item_CWLmQ7nlmRcXCbLxZcwUV"u8.ToArray();

    private static byte[] Audio(int length, int seed)
    {
        var audio = new byte[length];
        new Random(seed).NextBytes(audio);
        return audio;
    }

    private static byte[] Base64(byte[] audio) => Encoding.ASCII.GetBytes(Convert.ToBase64String(audio));
}
