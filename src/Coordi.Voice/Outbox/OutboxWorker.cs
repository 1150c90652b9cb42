using System.Collections.Concurrent;
using Coordi.Contracts.Rules;
using Coordi.Contracts.V1;
using Coordi.Voice.Core;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Coordi.Voice.Outbox;

/// <summary>
/// Delivers outbox entries to the core. Entries of one call go in order; calls go independently, so one call's
/// trouble never holds up another's. Outages are retried without limit, with a backoff per entry; an entry the
/// core refuses, or keeps failing on, is parked (ADR 008). Runs across restarts: entries written before a crash
/// are delivered by the next process. On shutdown it makes one last pass, so what the drained calls wrote reaches
/// the core now rather than at the next start.
/// </summary>
public sealed class OutboxWorker(
    DurableOutbox outbox, CoreClient core, VoiceMetrics metrics, IOptions<OutboxOptions> options, TimeProvider clock, ILogger<OutboxWorker> logger)
    : BackgroundService
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));
    private static readonly TimeSpan LastPassLimit = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan IdleWait = TimeSpan.FromSeconds(5);

    // When each entry that failed may be tried again (by name). Not stored: after a restart every entry is due.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _retryAt = new(StringComparer.Ordinal);
    private readonly RetryPolicy _policy = new(options.Value);

    private enum Outcome
    {
        Delivered,
        Parked,
        Retry,
    }

    /// <summary>Raised after an entry was accepted by the core (used to answer a waiting tool call quickly).</summary>
    public event Action<OutboxEntry, IMessage>? Delivered;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DeliverDueAsync(ignoreBackoff: false, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // The folder itself failed (e.g. unreadable): try again, never stop delivering for good.
                logger.LogError(ex, "Outbox pass failed");
            }

            await ((Task)outbox.WaitForWorkAsync(UntilNextRetry(), stoppingToken)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(LastPassLimit);
        try
        {
            await DeliverDueAsync(ignoreBackoff: true, limit.Token);
        }
        catch (OperationCanceledException)
        {
            // The limit is reached: what is left waits for the next start.
        }

        if (outbox.Unwritten > 0)
        {
            logger.LogCritical("{Count} core writes the disk could not take are lost with this process", outbox.Unwritten);
        }

        if (outbox.Depth > 0)
        {
            logger.LogWarning("{Count} core writes stay in the outbox for the next start", outbox.Depth);
        }
    }

    /// <summary>One pass: every call's entries in order, until one of them has to wait.</summary>
    internal async Task DeliverDueAsync(bool ignoreBackoff, CancellationToken cancellationToken)
    {
        var pending = outbox.Pending();
        foreach (var gone in _retryAt.Keys.Except(pending.Select(p => p.Name), StringComparer.Ordinal))
        {
            _retryAt.TryRemove(gone, out _);
        }

        // Entries without a call order with nothing, so each is its own line.
        var lines = pending.GroupBy(p => p.Entry.CallId ?? p.Name, StringComparer.Ordinal);
        await Parallel.ForEachAsync(lines, new ParallelOptions { MaxDegreeOfParallelism = options.Value.Parallelism, CancellationToken = cancellationToken },
            async (line, ct) =>
            {
                foreach (var pending in line)
                {
                    if (!ignoreBackoff && _retryAt.TryGetValue(pending.Name, out var due) && due > clock.GetUtcNow())
                    {
                        return; // later entries of this call wait behind it, to keep the call's order
                    }

                    // A parked entry does not hold up the rest of its call: see ADR 008.
                    if (await DeliverAsync(pending, ct) == Outcome.Retry)
                    {
                        return;
                    }
                }
            });
    }

    private async Task<Outcome> DeliverAsync(PendingEntry pending, CancellationToken cancellationToken)
    {
        var entry = pending.Entry;
        try
        {
            var result = await SendAsync(entry, cancellationToken);
            outbox.Acknowledge(pending);
            _retryAt.TryRemove(pending.Name, out _);
            Delivered?.Invoke(entry, result);
            return Outcome.Delivered;
        }
        catch (RpcException) when (cancellationToken.IsCancellationRequested)
        {
            // Cut short by shutdown: not the entry's fault, and it stays for the next process.
            return Outcome.Retry;
        }
        catch (RpcException ex)
        {
            var attempts = entry.Attempts + 1;
            var error = $"{ex.StatusCode}: {ex.Status.Detail}";
            if (_policy.NextDelay(ex.StatusCode, attempts) is not { } delay)
            {
                await ParkAsync(pending, entry with { Attempts = attempts, LastError = error }, ex.StatusCode.ToString(), ex.Status.Detail);
                return Outcome.Parked;
            }

            _retryAt[pending.Name] = clock.GetUtcNow() + delay;
            await outbox.RecordFailureAsync(pending, entry with { Attempts = attempts, LastError = error });
            logger.LogWarning("Core did not take {Kind} of call {CallId} for tenant {TenantId} ({Status}, attempt {Attempts}); retrying in {Delay}",
                entry.Kind, entry.CallId, entry.TenantId, ex.StatusCode, attempts, delay);
            return Outcome.Retry;
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidJsonException)
        {
            await ParkAsync(pending, entry with { Attempts = entry.Attempts + 1, LastError = "Unreadable payload: " + ex.Message }, "UnreadablePayload", ex.Message);
            return Outcome.Parked;
        }
    }

    private async Task ParkAsync(PendingEntry pending, OutboxEntry parked, string status, string reason)
    {
        var now = clock.GetUtcNow();
        if (ParkedNote.IsNote(parked))
        {
            // A note only explains an entry that is parked itself (and listed, and replayable): parking the note
            // too would only show the owner a stale failure after that entry is replayed.
            outbox.Acknowledge(pending);
            _retryAt.TryRemove(pending.Name, out _);
            logger.LogError("Dropped the owner's note about a parked entry of call {CallId} for tenant {TenantId}: {Status} {Reason}",
                parked.CallId, parked.TenantId, status, reason);
            return;
        }

        await outbox.ParkAsync(pending, parked with { ParkedAt = now });
        _retryAt.TryRemove(pending.Name, out _);
        metrics.OutboxEntryParked(parked.Kind, status);
        // The core's message names the field and the rule; the payload itself is never logged.
        logger.LogError("Parked {Kind} of call {CallId} for tenant {TenantId} after {Attempts} attempts: {Status} {Reason}",
            parked.Kind, parked.CallId, parked.TenantId, parked.Attempts, status, reason);
        if (ParkedNote.For(pending, reason, now) is { } note)
        {
            await outbox.EnqueueAsync(note, CancellationToken.None);
        }
    }

    private TimeSpan UntilNextRetry()
    {
        var now = clock.GetUtcNow();
        var next = _retryAt.IsEmpty ? now + IdleWait : _retryAt.Values.Min();
        var wait = next - now;
        return wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait > IdleWait ? IdleWait : wait;
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
