using Coordi.Contracts.V1;
using Grpc.Core;

namespace Coordi.PartnerSample;

/// <summary>
/// Follows the event stream for as long as it is asked to, reconnecting with backoff after any disconnect and
/// resuming after the last processed cursor, so every event is handled once and in order.
/// </summary>
public sealed class EventFollower(EventService.EventServiceClient events, CursorFile cursorFile)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    public async Task FollowAsync(Action<ChangeEvent> handle, CancellationToken cancellationToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                using var call = events.StreamEvents(new StreamEventsRequest { AfterCursor = cursorFile.Read() }, cancellationToken: cancellationToken);
                await foreach (var e in call.ResponseStream.ReadAllAsync(cancellationToken))
                {
                    handle(e);
                    cursorFile.Write(e.Cursor);
                    backoff = TimeSpan.FromSeconds(1);
                }
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied or StatusCode.InvalidArgument)
            {
                throw; // Retrying cannot fix these: the key or the request is wrong.
            }
            catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
            {
                // Unavailable, a deploy, ResourceExhausted (rate limit): wait and resume from the saved cursor.
                Console.Error.WriteLine($"Stream ended ({ex.StatusCode}); reconnecting in {backoff.TotalSeconds:0} s.");
            }

            await Task.Delay(backoff, cancellationToken);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }
}
