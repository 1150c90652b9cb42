using System.Security.Cryptography;
using System.Text;
using Coordi.Contracts.Rules;
using Coordi.Contracts.V1;
using Coordi.Portal.Accounts;
using Coordi.Portal.Core;
using Coordi.Portal.Model;
using Coordi.Portal.Onboarding;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Identity;

namespace Coordi.Portal.Demo;

/// <summary>
/// Fills a local stack with a demo organization an owner can sign in to: the account through the portal's own
/// sign-up, everything else through the core's API with the portal's service credential. Every write carries a
/// key derived from the organization and an index (request ids, CallSids, tool call ids), so running it again
/// adds nothing.
/// </summary>
public sealed class DemoSeeder(
    CoreChannel core,
    SignUpService signUp,
    UserManager<PortalUser> users,
    OnboardingStore onboarding,
    TimeProvider clock,
    ILogger<DemoSeeder> logger)
{
    public async Task<string> SeedAsync(DemoAccount account, CancellationToken cancellationToken)
    {
        await WaitForCoreAsync(cancellationToken);
        var organizationId = await EnsureOwnerAsync(account, cancellationToken);
        var invoker = core.ForOrganization(organizationId);

        var profiles = new ProfileService.ProfileServiceClient(invoker);
        await profiles.UpdateBusinessProfileAsync(new UpdateBusinessProfileRequest { Profile = DemoData.Business() }, cancellationToken: cancellationToken);
        await profiles.UpdateAgentProfileAsync(new UpdateAgentProfileRequest { Profile = DemoData.Agent() }, cancellationToken: cancellationToken);

        var numbers = new PhoneNumberService.PhoneNumberServiceClient(invoker);
        if ((await numbers.ListPhoneNumbersAsync(new ListPhoneNumbersRequest(), cancellationToken: cancellationToken)).PhoneNumbers.Count == 0)
        {
            await numbers.AssignPhoneNumberAsync(new AssignPhoneNumberRequest { E164 = DemoData.PhoneNumber, Label = "Main line" }, cancellationToken: cancellationToken);
        }

        foreach (var step in OnboardingSteps.InOrder)
        {
            await onboarding.CompleteAsync(organizationId, step, cancellationToken);
        }

        await SeedCallsAsync(invoker, organizationId, cancellationToken);
        logger.LogInformation("Demo organization {OrganizationId} is ready; sign in as {Email}", organizationId, account.Email);
        return organizationId;
    }

    /// <summary>The local stack starts the core and the portal together: wait until the core answers.</summary>
    private async Task WaitForCoreAsync(CancellationToken cancellationToken)
    {
        var phoneNumbers = new PhoneNumberService.PhoneNumberServiceClient(core.Platform());
        var deadline = clock.GetUtcNow() + TimeSpan.FromMinutes(3);
        while (true)
        {
            try
            {
                await phoneNumbers.ResolvePhoneNumberAsync(new ResolvePhoneNumberRequest { E164 = DemoData.PhoneNumber }, cancellationToken: cancellationToken);
                return;
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound)
            {
                return; // answered: the number is simply not assigned yet
            }
            catch (RpcException ex) when (GrpcStatuses.IsTransient(ex) && clock.GetUtcNow() < deadline)
            {
                logger.LogInformation("Waiting for the core before seeding the demo organization");
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    private async Task<string> EnsureOwnerAsync(DemoAccount account, CancellationToken cancellationToken)
    {
        var user = await users.FindByEmailAsync(account.Email);
        if (user is null)
        {
            var result = await signUp.SignUpAsync(new SignUpRequest(
                account.Name, account.Email, account.Password, DemoData.OrganizationName, DemoData.TimeZone, "demo-owner:" + account.Email), cancellationToken);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException("The demo owner could not sign up: " + string.Join("; ", result.Errors.Select(e => e.Message)));
            }

            user = result.User!;
        }

        if (!user.EmailConfirmed)
        {
            user.EmailConfirmed = true;
            await users.UpdateAsync(user);
        }

        var claims = await users.GetClaimsAsync(user);
        return claims.FirstOrDefault(c => c.Type == PortalClaims.Organization)?.Value
            ?? throw new InvalidOperationException($"{account.Email} exists but belongs to no organization.");
    }

    private async Task SeedCallsAsync(CallInvoker invoker, string organizationId, CancellationToken cancellationToken)
    {
        var calls = new CallService.CallServiceClient(invoker);
        var leads = new LeadService.LeadServiceClient(invoker);
        var appointments = new AppointmentService.AppointmentServiceClient(invoker);
        var now = clock.GetUtcNow().UtcDateTime;
        var firstDay = now.Date.AddDays(-DemoData.Days);
        var leadNumber = 0;
        var booked = 0;
        IReadOnlyList<Slot>? slots = null;

        for (var i = 0; i < DemoData.CallCount; i++)
        {
            var outcome = DemoData.OutcomeOf(i);
            // Spread over the two weeks, in Central business hours (13:00-22:00 UTC), never in the future.
            var startedAt = firstDay.AddDays(i * DemoData.Days / (double)DemoData.CallCount).Date
                .AddHours(13 + (i * 7 % 9)).AddMinutes(i * 13 % 60);
            if (startedAt > now.AddMinutes(-30))
            {
                startedAt = now.AddMinutes(-30 - i);
            }

            var call = await calls.StartCallAsync(new StartCallRequest
            {
                TwilioCallSid = CallSid(organizationId, i),
                FromNumber = DemoData.CallerNumber(i),
                ToNumber = DemoData.PhoneNumber,
                StartedAt = Timestamp.FromDateTime(startedAt),
            }, cancellationToken: cancellationToken);
            var started = call.StartedAt.ToDateTime();

            var transcript = DemoData.Transcript(i);
            if (transcript.Count > 0)
            {
                var turns = new AppendTranscriptTurnsRequest { CallId = call.Id };
                turns.Turns.AddRange(transcript.Select((t, n) => new TranscriptTurn
                {
                    Sequence = n,
                    Speaker = t.Speaker,
                    Text = t.Text,
                    OccurredAt = Timestamp.FromDateTime(started.AddSeconds(2 + n * 9)),
                }));
                await calls.AppendTranscriptTurnsAsync(turns, cancellationToken: cancellationToken);
            }

            if (outcome is CallOutcome.Lead or CallOutcome.Booked)
            {
                var lead = await CreateLeadAsync(calls, leads, call, i, started, cancellationToken);
                if (outcome == CallOutcome.Booked)
                {
                    slots ??= (await appointments.GetAvailabilityAsync(new GetAvailabilityRequest
                    {
                        From = Timestamp.FromDateTime(now),
                        To = Timestamp.FromDateTime(now.AddDays(10)),
                        MaxSlots = 100,
                    }, cancellationToken: cancellationToken)).Slots;
                    // A few days apart, so the calendar shows more than one morning.
                    var slot = slots.Count == 0 ? null : slots[Math.Min(booked * 7, slots.Count - 1)];
                    if (slot is not null)
                    {
                        await appointments.BookAppointmentAsync(new BookAppointmentRequest
                        {
                            RequestId = $"demo-appointment:{i}",
                            Start = slot.Start,
                            LeadId = lead.Id,
                            CallId = call.Id,
                            Notes = $"Free estimate: {DemoData.JobOf(i).Service.ToLowerInvariant()}.",
                        }, cancellationToken: cancellationToken);
                    }

                    booked++;
                }
                else
                {
                    await FollowUpAsync(leads, lead, DemoData.LeadStatusOf(leadNumber), cancellationToken);
                }

                leadNumber++;
            }

            await calls.CompleteCallAsync(Completion(call.Id, i, started), cancellationToken: cancellationToken);
        }
    }

    private static async Task<Lead> CreateLeadAsync(CallService.CallServiceClient calls, LeadService.LeadServiceClient leads, Call call, int i, DateTime started, CancellationToken cancellationToken)
    {
        var (service, problem, address) = DemoData.JobOf(i);
        var lead = await leads.CreateLeadAsync(new CreateLeadRequest
        {
            RequestId = $"demo-lead:{i}",
            Name = DemoData.CallerName(i),
            Phone = DemoData.CallerNumber(i),
            Address = address,
            Service = service,
            Urgency = DemoData.UrgencyOf(i),
            Notes = char.ToUpperInvariant(problem[0]) + problem[1..] + ".",
            CallId = call.Id,
        }, cancellationToken: cancellationToken);
        await calls.RecordToolInvocationAsync(new RecordToolInvocationRequest
        {
            CallId = call.Id,
            ToolCallId = $"demo-tool-{i}",
            Name = "create_lead",
            ArgumentsJson = $$"""{"name":"{{DemoData.CallerName(i)}}","service":"{{service}}"}""",
            ResultJson = $$"""{"ok":true,"lead_id":"{{lead.Id}}"}""",
            Status = ToolInvocationStatus.Succeeded,
            StartedAt = Timestamp.FromDateTime(started.AddSeconds(40)),
            DurationMs = 60 + i * 7 % 90,
        }, cancellationToken: cancellationToken);
        return lead;
    }

    private static async Task FollowUpAsync(LeadService.LeadServiceClient leads, Lead lead, LeadStatus status, CancellationToken cancellationToken)
    {
        if (lead.Status == status)
        {
            return;
        }

        await leads.UpdateLeadAsync(new UpdateLeadRequest
        {
            Id = lead.Id,
            Lead = new Lead { Status = status },
            UpdateMask = { "status" },
            ChangedBy = "Maria (owner)",
        }, cancellationToken: cancellationToken);
    }

    private static CompleteCallRequest Completion(string callId, int i, DateTime started)
    {
        var outcome = DemoData.OutcomeOf(i);
        var duration = outcome switch
        {
            CallOutcome.Booked => 180 + i * 11 % 80,
            CallOutcome.Lead => 120 + i * 13 % 80,
            CallOutcome.Information => 60 + i * 17 % 60,
            CallOutcome.Spam => 20 + i % 20,
            CallOutcome.Escalated => 45 + i % 45,
            CallOutcome.Voicemail => 40,
            CallOutcome.Abandoned => 8 + i % 5,
            _ => 0,
        };
        var request = new CompleteCallRequest
        {
            CallId = callId,
            Status = outcome == CallOutcome.Unspecified ? CallStatus.Missed : CallStatus.Completed,
            Outcome = outcome,
            EndedAt = Timestamp.FromDateTime(started.AddSeconds(duration)),
            DurationSeconds = duration,
            Summary = DemoData.SummaryOf(i),
        };
        if (outcome is not (CallOutcome.Unspecified or CallOutcome.Voicemail))
        {
            var p50 = 560 + i * 23 % 320;
            request.Latency = new CallLatency
            {
                FirstGreetingMs = 420 + i * 29 % 480,
                ResponseP50Ms = p50,
                ResponseP95Ms = p50 + 300 + i * 31 % 500,
                TurnsMeasured = Math.Max(1, DemoData.Transcript(i).Count(t => t.Speaker == Speaker.Caller)),
            };
        }

        return request;
    }

    /// <summary>A Twilio-shaped CallSid that is the same for a call of this organization on every run.</summary>
    private static string CallSid(string organizationId, int index) =>
        "CA" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{organizationId}:demo-call:{index}")))[..32];
}

/// <summary>The demo owner's sign-in.</summary>
public sealed record DemoAccount(string Name, string Email, string Password)
{
    public const string DefaultEmail = "demo@coordi.example";
    public const string DefaultPassword = "coordi-demo-password";

    /// <summary>From "Coordi:Demo:Email" and "Coordi:Demo:Password" (COORDI_DEMO_* in run.sh), else the defaults.</summary>
    public static DemoAccount From(IConfiguration configuration) => new(
        "Maria Alvarez",
        configuration["Coordi:Demo:Email"] is { Length: > 0 } email ? email : DefaultEmail,
        configuration["Coordi:Demo:Password"] is { Length: > 0 } password ? password : DefaultPassword);
}

public static class DemoSeederExtensions
{
    /// <summary>Seeds the demo organization (see <see cref="DemoSeeder"/>) before the portal starts serving.</summary>
    public static async Task SeedDemoAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var seeder = ActivatorUtilities.CreateInstance<DemoSeeder>(scope.ServiceProvider);
        await seeder.SeedAsync(DemoAccount.From(app.Configuration), app.Lifetime.ApplicationStopping);
    }
}
