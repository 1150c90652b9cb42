using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Builder;

namespace Coordi.Testing.Fakes;

/// <summary>A call update (e.g. Status=completed: hang up) the fake REST API accepted.</summary>
public sealed record CallUpdate(string AccountSid, string CallSid, string Status);

/// <summary>
/// Twilio's call resource (POST Accounts/{AccountSid}/Calls/{CallSid}.json, Status=completed hangs up): ending a
/// call ends the emulated call registered for that sid, as Twilio would. Also gates that hold SMS sends or call
/// updates, so a test can look at the system while it waits on Twilio.
/// </summary>
public sealed partial class FakeTwilioApi
{
    private readonly ConcurrentQueue<CallUpdate> _callUpdates = new();
    private readonly ConcurrentDictionary<string, Func<Task>> _liveCalls = new(StringComparer.Ordinal);
    private volatile RequestGate? _messageGate;
    private volatile RequestGate? _callUpdateGate;

    public IReadOnlyList<CallUpdate> CallUpdates => [.. _callUpdates];

    /// <summary>Holds SMS sends until the returned gate is opened (a slow SMS provider).</summary>
    public RequestGate HoldMessages() => _messageGate = new RequestGate();

    /// <summary>Holds call updates (hang-ups) until the returned gate is opened.</summary>
    public RequestGate HoldCallUpdates() => _callUpdateGate = new RequestGate();

    /// <summary>A call Twilio is running: <paramref name="hangUp"/> ends it when the API is asked to complete it.</summary>
    public void CallStarted(string callSid, Func<Task> hangUp) => _liveCalls[callSid] = hangUp;

    private void MapCalls(RouteGroupBuilder account) =>
        account.MapPost("/Calls/{callSid}.json", (string accountSid, string callSid, HttpRequest request) => UpdateCallAsync(accountSid, callSid, request));

    private Task PassMessageGateAsync() => _messageGate?.PassAsync() ?? Task.CompletedTask;

    private async Task<IResult> UpdateCallAsync(string accountSid, string callSid, HttpRequest request)
    {
        if (Refuse(accountSid, request) is { } refused)
        {
            return refused;
        }

        if (_callUpdateGate is { } gate)
        {
            await gate.PassAsync();
        }

        var form = await request.ReadFormAsync();
        var status = form["Status"].ToString();
        if (!_liveCalls.TryGetValue(callSid, out var hangUp))
        {
            return Error(StatusCodes.Status404NotFound, 20404, $"The requested resource /2010-04-01/Accounts/{accountSid}/Calls/{callSid}.json was not found");
        }

        _callUpdates.Enqueue(new CallUpdate(accountSid, callSid, status));
        var ends = status is "completed" or "canceled";
        if (ends && _liveCalls.TryRemove(callSid, out _))
        {
            // Twilio answers at once and ends the call right after.
            _ = Task.Run(hangUp);
        }

        var now = DateTime.UtcNow.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);
        return Results.Json(new Dictionary<string, object?>
        {
            ["account_sid"] = accountSid,
            ["api_version"] = "2010-04-01",
            ["date_created"] = now,
            ["date_updated"] = now,
            ["direction"] = "inbound",
            ["sid"] = callSid,
            ["status"] = ends ? "completed" : "in-progress",
            ["uri"] = $"/2010-04-01/Accounts/{accountSid}/Calls/{callSid}.json",
        });
    }
}
