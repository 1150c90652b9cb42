using Grpc.Core;

namespace Coordi.Core.FunctionalTests;

/// <summary>Reading the event stream in tests.</summary>
public static class EventStreams
{
    /// <summary>Every stored event of the caller's organization after <paramref name="afterCursor"/>.</summary>
    public static async Task<List<ChangeEvent>> ReplayAsync(TenantClients clients, long afterCursor = 0, params string[] types)
    {
        using var call = clients.Events.StreamEvents(Request(afterCursor, types, replayOnly: true));
        var events = new List<ChangeEvent>();
        await foreach (var e in call.ResponseStream.ReadAllAsync())
        {
            events.Add(e);
        }

        return events;
    }

    /// <summary>Reads the next <paramref name="count"/> events of an open stream.</summary>
    public static async Task<List<ChangeEvent>> TakeAsync(IAsyncStreamReader<ChangeEvent> stream, int count, string what)
    {
        using var timeout = new CancellationTokenSource(Eventually.DefaultTimeout);
        var events = new List<ChangeEvent>();
        try
        {
            while (events.Count < count && await stream.MoveNext(timeout.Token))
            {
                events.Add(stream.Current);
            }
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"Timed out waiting for {what}: got {events.Count} of {count}.");
        }

        Assert.True(events.Count == count, $"The stream ended after {events.Count} of {count} events ({what}).");
        return events;
    }

    public static StreamEventsRequest Request(long afterCursor = 0, IEnumerable<string>? types = null, bool replayOnly = false)
    {
        var request = new StreamEventsRequest { AfterCursor = afterCursor, ReplayOnly = replayOnly };
        request.EventTypes.AddRange(types ?? []);
        return request;
    }
}
