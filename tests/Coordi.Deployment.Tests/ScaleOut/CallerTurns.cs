namespace Coordi.Deployment.Tests.ScaleOut;

/// <summary>Turn-taking on an emulated call: the caller lets the agent finish before speaking, as people mostly do.</summary>
internal static class CallerTurns
{
    /// <summary>Generous: many calls share two cores with the edges, the core and the database.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Waits until the model has nothing more to say and the caller has heard all of it.</summary>
    public static async Task AgentFinishedAsync(this EmulatedCall call, RealtimeSession session)
    {
        var media = call.Media ?? throw new InvalidOperationException("The call has no media stream.");
        await Eventually.UntilAsync(() => session.AwaitingCaller || session.Fault is not null, $"the agent to finish its turn on {call.CallSid}", Patience);
        Assert.Null(session.Fault);
        await Eventually.UntilAsync(
            () => session.Replies.Where(r => !r.Cancelled).All(r => media.ReceivedBytes(r.Tag) >= r.BytesSent) && media.PlaybackIdle,
            $"the caller of {call.CallSid} to hear the agent out",
            Patience);
    }

    /// <summary>The caller waits for the agent, speaks for <paramref name="ms"/>, and this returns once the model has transcribed it.</summary>
    public static async Task SayAsync(this EmulatedCall call, RealtimeSession session, int ms = 600)
    {
        await call.AgentFinishedAsync(session);
        var heard = session.CallerTranscripts.Count;
        call.Media!.Speak(TimeSpan.FromMilliseconds(ms));
        await Eventually.UntilAsync(() => session.CallerTranscripts.Count > heard, $"the model to hear the caller of {call.CallSid}", Patience);
    }

    /// <summary>The names of the TwiML verbs, in order (e.g. Say, Dial).</summary>
    public static IReadOnlyList<string> Verbs(this System.Xml.Linq.XDocument twiml) =>
        twiml.Root!.Elements().Select(e => e.Name.LocalName).ToList();
}
