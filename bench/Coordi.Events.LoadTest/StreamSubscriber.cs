using System.Diagnostics;
using Grpc.Core;

namespace Coordi.Events.LoadTest;

/// <summary>
/// A partner's integration following its organization's events with its read-only key, as docs/partners.md
/// describes: from the start, then from the last cursor after any disconnect. Checks that cursors come one
/// after another.
/// </summary>
public sealed class StreamSubscriber(LoadOrganization organization, CallInvoker invoker, WriteLedger ledger)
{
    private readonly EventService.EventServiceClient _events = new(invoker);
    private readonly Metadata _headers = EventStack.PartnerHeaders(organization.ApiKey);

    public long Received { get; private set; }

    /// <summary>Events whose cursor was not the one after the previous event's.</summary>
    public long CursorBreaks { get; private set; }

    /// <summary>Events this run did not write, or that belong to another organization.</summary>
    public long Unmatched { get; private set; }

    public int Reconnects { get; private set; }

    public string? FirstError { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        long cursor = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var call = _events.StreamEvents(new StreamEventsRequest { AfterCursor = cursor }, _headers, cancellationToken: cancellationToken);
                await foreach (var e in call.ResponseStream.ReadAllAsync(cancellationToken))
                {
                    var arrivedAt = Stopwatch.GetTimestamp();
                    Received++;
                    if (e.Cursor != cursor + 1)
                    {
                        CursorBreaks++;
                    }

                    cursor = e.Cursor;
                    if (e.OrganizationId != organization.TenantId || EventToken.Read(e) is not { } number
                        || !ledger.Arrived(number, DeliveryPath.Stream, arrivedAt) || ledger[number].Organization != organization.Index)
                    {
                        Unmatched++;
                    }
                }

                // The core ended the stream (it is stopping): follow again from the cursor.
                Reconnects++;
            }
            catch (RpcException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (RpcException ex)
            {
                Reconnects++;
                FirstError ??= $"{ex.StatusCode}: {ex.Status.Detail}";
                await Task.Delay(TimeSpan.FromMilliseconds(200), CancellationToken.None);
            }
        }
    }
}
