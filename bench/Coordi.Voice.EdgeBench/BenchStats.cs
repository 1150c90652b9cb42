namespace Coordi.Voice.EdgeBench;

/// <summary>What the emulators saw, shared by every call of a row.</summary>
public sealed class BenchStats
{
    public int RealtimeSessions;

    /// <summary>Caller frame sent by the Twilio emulator to its append reaching the Realtime emulator.</summary>
    public Latencies CallerToModel { get; } = new();

    /// <summary>Audio delta sent by the Realtime emulator to its media frame reaching the Twilio emulator.</summary>
    public Latencies ModelToCaller { get; } = new();

    /// <summary>Incoming-call webhook posted to TwiML received, for every call dialled.</summary>
    public Latencies Webhook { get; } = new(windowed: false);

    /// <summary>Media stream WebSocket connect started to the upgrade answered, for every call dialled.</summary>
    public Latencies Attach { get; } = new(windowed: false);

    /// <summary>Start frame sent to the greeting's first audio reaching the caller, for every call dialled.</summary>
    public Latencies Greeting { get; } = new(windowed: false);

    public volatile bool WindowOpen;
    public int TurnsReplied;
    public int TurnsWithoutReply;

    public void OpenWindow()
    {
        Interlocked.Exchange(ref TurnsReplied, 0);
        Interlocked.Exchange(ref TurnsWithoutReply, 0);
        CallerToModel.Open();
        ModelToCaller.Open();
        WindowOpen = true;
    }

    public void CloseWindow()
    {
        WindowOpen = false;
    }
}
