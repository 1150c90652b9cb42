using System.Diagnostics;
using Coordi.Testing;
using Grpc.Core;

namespace Coordi.Events.LoadTest;

/// <summary>
/// Writes one organization's share of the events at a fixed pace, open loop: a write goes out on schedule whether
/// or not earlier ones have been answered, up to a cap on writes in flight shared by all organizations. The writes
/// tell the story of calls: a call starts, the agent takes a lead, someone updates the lead, the call completes.
/// Several calls run at once; each write continues a call whose previous write has been answered, or starts a new
/// one. Each write makes exactly one event and carries its ledger number into it.
/// </summary>
public sealed class OrganizationWriter(LoadOrganization organization, CallInvoker invoker, WriteLedger ledger)
{
    private readonly CallService.CallServiceClient _calls = new(invoker);
    private readonly LeadService.LeadServiceClient _leads = new(invoker);
    private readonly Metadata _headers = EventStack.ServiceHeaders(organization.TenantId);
    private readonly string _businessNumber = TestData.UsNumber();
    private readonly System.Collections.Concurrent.ConcurrentQueue<CallStory> _ready = new();
    private long _errors;
    private string? _firstError;

    public long Errors => Interlocked.Read(ref _errors);

    public string? FirstError => Volatile.Read(ref _firstError);

    /// <summary>
    /// Writes every <paramref name="interval"/> from <paramref name="start"/> until <paramref name="end"/> (Stopwatch
    /// timestamps), then waits for the answers. A write that cannot go out before the end, for want of a slot in
    /// <paramref name="inFlight"/>, is not sent.
    /// </summary>
    public async Task RunAsync(long start, long end, TimeSpan interval, bool warmup, SemaphoreSlim inFlight, CancellationToken cancellationToken)
    {
        var writes = new List<Task>();
        for (var k = 0L; !cancellationToken.IsCancellationRequested; k++)
        {
            var due = start + (long)(k * interval.TotalSeconds * Stopwatch.Frequency);
            if (due >= end)
            {
                break;
            }

            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            await inFlight.WaitAsync(cancellationToken);
            if (Stopwatch.GetTimestamp() >= end || ledger.Begin(organization.Index, warmup) is not { } number)
            {
                inFlight.Release();
                break;
            }

            var story = _ready.TryDequeue(out var waiting) ? waiting : new CallStory();
            writes.Add(WriteAsync(story, number, inFlight, cancellationToken));
        }

        await Task.WhenAll(writes);
    }

    private async Task WriteAsync(CallStory story, int number, SemaphoreSlim inFlight, CancellationToken cancellationToken)
    {
        try
        {
            await WriteStepAsync(story, number, cancellationToken);
            ledger.Succeeded(number);
            if (++story.Step < CallStory.Steps)
            {
                _ready.Enqueue(story);
            }
        }
        catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The call's story cannot go on without this write's answer; the next write starts a new call.
            ledger.Failed(number);
            Interlocked.Increment(ref _errors);
            Interlocked.CompareExchange(ref _firstError, $"{ex.StatusCode}: {ex.Status.Detail}", null);
        }
        catch (RpcException) when (cancellationToken.IsCancellationRequested)
        {
            ledger.Failed(number);
        }
        finally
        {
            inFlight.Release();
        }
    }

    private async Task WriteStepAsync(CallStory story, int number, CancellationToken cancellationToken)
    {
        var token = EventToken.Text(number);
        switch (story.Step)
        {
            case 0:
                var call = await _calls.StartCallAsync(new StartCallRequest
                {
                    TwilioCallSid = EventToken.CallSid(number),
                    FromNumber = TestData.UsNumber(),
                    ToNumber = _businessNumber,
                }, _headers, cancellationToken: cancellationToken);
                story.CallId = call.Id;
                break;
            case 1:
                var lead = await _leads.CreateLeadAsync(new CreateLeadRequest
                {
                    RequestId = Guid.NewGuid().ToString(),
                    Name = "Dana Whitfield",
                    Phone = TestData.UsNumber(),
                    Service = "Water heater replacement",
                    Urgency = Urgency.High,
                    Notes = token,
                    CallId = story.CallId,
                }, _headers, cancellationToken: cancellationToken);
                story.LeadId = lead.Id;
                break;
            case 2:
                await _leads.UpdateLeadAsync(new UpdateLeadRequest
                {
                    Id = story.LeadId,
                    Lead = new Lead { Notes = token, Status = LeadStatus.Contacted },
                    UpdateMask = { "notes", "status" },
                }, _headers, cancellationToken: cancellationToken);
                break;
            default:
                await _calls.CompleteCallAsync(new CompleteCallRequest
                {
                    CallId = story.CallId,
                    Status = CallStatus.Completed,
                    Outcome = CallOutcome.Lead,
                    DurationSeconds = 140,
                    Summary = token,
                }, _headers, cancellationToken: cancellationToken);
                break;
        }
    }

    /// <summary>One call in progress: which of its writes comes next, and the ids the later writes need.</summary>
    private sealed class CallStory
    {
        public const int Steps = 4;

        public int Step { get; set; }

        public string CallId { get; set; } = "";

        public string LeadId { get; set; } = "";
    }
}
