using System.Diagnostics;
using Coordi.Testing;
using Grpc.Core;

namespace Coordi.Events.LoadTest;

/// <summary>
/// Writes one organization's share of the events, at a fixed pace, as its calls happen: a call starts, the agent
/// takes a lead, someone updates the lead, the call completes; then the next call. Each write makes exactly one
/// event and carries its ledger number into it. Writes start on schedule (open loop); only a write that needs the
/// previous one's answer waits for it, and a late write goes out at once, so a slow core shows as a lower write rate.
/// </summary>
public sealed class OrganizationWriter(LoadOrganization organization, CallInvoker invoker, WriteLedger ledger)
{
    private readonly CallService.CallServiceClient _calls = new(invoker);
    private readonly LeadService.LeadServiceClient _leads = new(invoker);
    private readonly Metadata _headers = EventStack.ServiceHeaders(organization.TenantId);
    private readonly string _businessNumber = TestData.UsNumber();

    private int _step;
    private string? _callId;
    private string? _leadId;

    public long Errors { get; private set; }

    public string? FirstError { get; private set; }

    /// <summary>Writes every <paramref name="interval"/> from <paramref name="start"/> until <paramref name="end"/> (Stopwatch timestamps).</summary>
    public async Task RunAsync(long start, long end, TimeSpan interval, bool warmup, CancellationToken cancellationToken)
    {
        for (var k = 0L; !cancellationToken.IsCancellationRequested; k++)
        {
            var due = start + (long)(k * interval.TotalSeconds * Stopwatch.Frequency);
            if (due >= end)
            {
                return;
            }

            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            if (ledger.Begin(organization.Index, warmup) is not { } number)
            {
                return;
            }

            try
            {
                await WriteAsync(number, cancellationToken);
                ledger.Succeeded(number);
            }
            catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
            {
                ledger.Failed(number);
                Errors++;
                FirstError ??= $"{ex.StatusCode}: {ex.Status.Detail}";
                // The call's story cannot go on without this write's answer: start a new call.
                _step = 0;
            }
        }
    }

    private async Task WriteAsync(int number, CancellationToken cancellationToken)
    {
        var token = EventToken.Text(number);
        switch (_step)
        {
            case 0:
                var call = await _calls.StartCallAsync(new StartCallRequest
                {
                    TwilioCallSid = EventToken.CallSid(number),
                    FromNumber = TestData.UsNumber(),
                    ToNumber = _businessNumber,
                }, _headers, cancellationToken: cancellationToken);
                _callId = call.Id;
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
                    CallId = _callId,
                }, _headers, cancellationToken: cancellationToken);
                _leadId = lead.Id;
                break;
            case 2:
                await _leads.UpdateLeadAsync(new UpdateLeadRequest
                {
                    Id = _leadId,
                    Lead = new Lead { Notes = token, Status = LeadStatus.Contacted },
                    UpdateMask = { "notes", "status" },
                }, _headers, cancellationToken: cancellationToken);
                break;
            default:
                await _calls.CompleteCallAsync(new CompleteCallRequest
                {
                    CallId = _callId,
                    Status = CallStatus.Completed,
                    Outcome = CallOutcome.Lead,
                    DurationSeconds = 140,
                    Summary = token,
                }, _headers, cancellationToken: cancellationToken);
                break;
        }

        _step = (_step + 1) % 4;
    }
}
