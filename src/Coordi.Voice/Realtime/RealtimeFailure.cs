namespace Coordi.Voice.Realtime;

/// <summary>
/// Tells a Realtime event that means the model can no longer answer the caller (quota, key, server failure)
/// from one that only refuses a single request of ours and leaves the conversation usable.
/// </summary>
public static class RealtimeFailure
{
    /// <summary>The session ended at OpenAI's time limit; handled as a time limit, not as a failure.</summary>
    public const string SessionExpired = "session_expired";

    /// <summary>
    /// Why the model failed, as the error's code (never its message, which may quote part of the key), or null
    /// when <paramref name="e"/> is no failure.
    /// </summary>
    public static string? Of(in RealtimeServerEvent e) => e.Type switch
    {
        RealtimeEventType.Error when e.ErrorCode is SessionExpired || IsRefusedRequest(e.ErrorCode) => null,
        RealtimeEventType.Error => e.ErrorCode ?? "error",

        // "incomplete" is not a failure: its reasons are the caller interrupting, the token limit or the content
        // filter, and in each the model stays able to answer the caller's next turn.
        RealtimeEventType.ResponseDone when e.ResponseStatus is "failed" => e.ErrorCode ?? "response failed",
        _ => null,
    };

    // A cancel that raced the response's own end, or a response.create while one is still running: the one
    // request is refused and the conversation goes on as before.
    private static bool IsRefusedRequest(string? code) =>
        code is "response_cancel_not_active" or "conversation_already_has_active_response";
}
