using Coordi.Contracts.V1;
using Coordi.Voice.Core;
using Google.Protobuf;
using Grpc.Core;

namespace Coordi.Voice.Outbox;

/// <summary>
/// Delivers outbox entries to the core in order, retrying with backoff while the core is unreachable. Runs
/// across restarts: entries written before a crash are delivered by the next process. On shutdown it makes one
/// last pass, so what the drained calls wrote reaches the core now rather than at the next start.
/// </summary>
public sealed class OutboxWorker(DurableOutbox outbox, CoreClient core, ILogger<OutboxWorker> logger) : BackgroundService
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));
    private static readonly TimeSpan LastPassLimit = TimeSpan.FromSeconds(10);

    /// <summary>Raised after an entry was accepted by the core (used to answer a waiting tool call quickly).</summary>
    public event Action<OutboxEntry, IMessage>? Delivered;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            if (await DeliverPendingAsync(stoppingToken))
            {
                backoff = TimeSpan.FromMilliseconds(250);
                await outbox.WaitForWorkAsync(TimeSpan.FromSeconds(5), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            else
            {
                await Task.Delay(backoff, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, 10_000));
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(LastPassLimit);
        if (!await DeliverPendingAsync(limit.Token))
        {
            logger.LogWarning("{Count} core writes stay in the outbox for the next start", outbox.Depth);
        }
    }

    /// <summary>Sends pending entries in order; false when the core could not take them (they stay, in order).</summary>
    private async Task<bool> DeliverPendingAsync(CancellationToken cancellationToken)
    {
        foreach (var (path, entry) in outbox.Pending())
        {
            try
            {
                var result = await SendAsync(entry, cancellationToken);
                outbox.Acknowledge(path);
                Delivered?.Invoke(entry, result);
            }
            catch (RpcException ex) when (CoreClient.IsTransient(ex))
            {
                // Head-of-line: later entries wait, so one call's writes keep their order. A send cut short by
                // shutdown is transient too: the entry stays for the next process.
                logger.LogWarning("Core unavailable ({Status}); {Kind} stays in the outbox", ex.StatusCode, entry.Kind);
                return false;
            }
            catch (RpcException ex)
            {
                logger.LogError("Core refused {Kind} for tenant {TenantId}: {Status} {Detail}; moved aside", entry.Kind, entry.TenantId, ex.StatusCode, ex.Status.Detail);
                outbox.MoveToDead(path);
            }
        }

        return true;
    }

    private async Task<IMessage> SendAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        var options = core.For(entry.TenantId, TimeSpan.FromSeconds(5), cancellationToken);
        return entry.Kind switch
        {
            OutboxEntry.CreateLead => await core.Leads.CreateLeadAsync(Parser.Parse<CreateLeadRequest>(entry.PayloadJson), options),
            OutboxEntry.AppendTranscriptTurns => await core.Calls.AppendTranscriptTurnsAsync(Parser.Parse<AppendTranscriptTurnsRequest>(entry.PayloadJson), options),
            OutboxEntry.RecordToolInvocation => await core.Calls.RecordToolInvocationAsync(Parser.Parse<RecordToolInvocationRequest>(entry.PayloadJson), options),
            OutboxEntry.CompleteCall => await core.Calls.CompleteCallAsync(Parser.Parse<CompleteCallRequest>(entry.PayloadJson), options),
            _ => throw new RpcException(new Status(StatusCode.InvalidArgument, $"Unknown outbox entry kind '{entry.Kind}'.")),
        };
    }
}
