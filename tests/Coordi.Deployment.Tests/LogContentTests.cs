using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Coordi.Deployment.Tests;

/// <summary>
/// What the services write to stdout: one JSON object per line, the tenant (and, on the voice edge, the call) as
/// scope fields of every line logged while serving them, and no secret anywhere, even with the app's own
/// categories at Debug.
/// </summary>
/// <remarks>
/// In the observability tests' collection, so they never run at once: a process's meters are shared by name, and
/// this class's calls would otherwise show up in the other's metric counts.
/// </remarks>
[Collection(StackCollection.Name)]
public sealed class LogContentTests(LoggedStackFixture stack) : IClassFixture<LoggedStackFixture>
{
    private const string CallSessionCategory = "Coordi.Voice.Calls.CallSession";
    private const string DbCommandCategory = "Microsoft.EntityFrameworkCore.Database.Command";

    [Fact]
    public async Task A_calls_lines_on_the_voice_edge_carry_its_tenant_and_call_id_and_the_cores_carry_the_tenant()
    {
        var (clients, marker, number, greeting) = await stack.NewBusinessAsync();

        var callId = await TakeACallAsync(clients, marker, number, greeting);

        var voice = await Eventually.GetAsync(
            () => Task.FromResult(Parse(stack.VoiceLogs)),
            lines => lines.Any(l => l.Category == CallSessionCategory && l.EventId == 2 && l.Scope.GetValueOrDefault("CallId") == callId),
            "the end of the call to be logged");

        var started = Assert.Single(voice, l => l.Category == CallSessionCategory && l.EventId == 1 && l.Scope.GetValueOrDefault("CallId") == callId);
        Assert.Equal("Information", started.LogLevel);
        Assert.Equal("Call started", started.Message);
        Assert.Equal(clients.TenantId, started.Scope["TenantId"]);
        Assert.Equal("/twilio/media", started.Scope["RequestPath"]);

        var ended = Assert.Single(voice, l => l.Category == CallSessionCategory && l.EventId == 2 && l.Scope.GetValueOrDefault("CallId") == callId);
        Assert.Equal("Information", ended.LogLevel);
        Assert.Equal("Lead", ended.State["Outcome"]);
        Assert.Equal($"Call ended: Lead after {ended.State["DurationSeconds"]} s", ended.Message);
        Assert.Equal(clients.TenantId, ended.Scope["TenantId"]);
        Assert.Equal(started.Scope["RequestId"], ended.Scope["RequestId"]);

        // Every line of the app logged while serving the call's media stream names the tenant and the call.
        var duringCall = voice.Where(l => l.Category.StartsWith("Coordi.", StringComparison.Ordinal) && l.Scope.GetValueOrDefault("RequestId") == started.Scope["RequestId"]).ToList();
        Assert.True(duringCall.Count >= 2, "the call's lines were found by its request id");
        Assert.All(duringCall, l =>
        {
            Assert.Equal(clients.TenantId, l.Scope.GetValueOrDefault("TenantId"));
            Assert.Equal(callId, l.Scope.GetValueOrDefault("CallId"));
        });

        // The core's side of the same call: the lead the agent saved, a request carrying the call's trace.
        var core = Parse(stack.CoreLogs).Where(l => l.Scope.GetValueOrDefault("TraceId") == started.Scope["TraceId"]).ToList();
        Assert.Contains(core, l => l.Scope.GetValueOrDefault("RequestPath") == "/coordi.v1.LeadService/CreateLead" && l.Category == DbCommandCategory);
        Assert.All(core.Where(l => l.Scope.ContainsKey("Caller")), l =>
        {
            Assert.Equal(clients.TenantId, l.Scope["TenantId"]);
            Assert.Equal("voice", l.Scope["Caller"]);
        });
    }

    [Fact]
    public async Task The_cores_lines_for_a_tenants_rpcs_carry_its_tenant_id_and_caller()
    {
        var (clients, _, _, _) = await stack.NewBusinessAsync();
        var forSale = TestData.UsNumber();
        stack.TwilioApi.AddAvailable(forSale);

        await clients.PhoneNumbers.PurchasePhoneNumberAsync(new PurchasePhoneNumberRequest { E164 = forSale, Label = "Second line" });
        var notForSale = TestData.UsNumber();
        var refused = await Assert.ThrowsAsync<RpcException>(() => clients.PhoneNumbers.PurchasePhoneNumberAsync(new PurchasePhoneNumberRequest { E164 = notForSale }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        var partnerName = "crm-sync-" + Guid.NewGuid().ToString("N")[..8];
        var (_, partner) = await NewPartnerAsync(clients, partnerName);
        await partner.Leads.ListLeadsAsync(new ListLeadsRequest());

        var core = Parse(stack.CoreLogs);
        var boughtSid = stack.TwilioApi.Incoming(forSale)!.Sid;
        var bought = Assert.Single(core, l => l.Message == $"Bought Twilio number {boughtSid}");
        Assert.Equal("Coordi.Core.Telephony.TwilioPhoneNumbers", bought.Category);
        Assert.Equal("Information", bought.LogLevel);
        Assert.Equal(clients.TenantId, bought.Scope["TenantId"]);
        Assert.Equal("portal", bought.Scope["Caller"]);
        Assert.Equal("/coordi.v1.PhoneNumberService/PurchasePhoneNumber", bought.Scope["RequestPath"]);

        var twilioRefused = Assert.Single(core, l => l.Category == "Coordi.Core.Telephony.TwilioPhoneNumbers" && l.LogLevel == "Warning" && l.Scope.GetValueOrDefault("TenantId") == clients.TenantId);
        Assert.Equal("Twilio refused the purchase: HTTP 400, code 21422: PhoneNumber requested is not available", twilioRefused.Message);
        Assert.Equal("portal", twilioRefused.Scope["Caller"]);

        // Every line of the purchase's request, once the caller is known, names the tenant.
        AssertTenantScoped(core.Where(l => l.Scope.GetValueOrDefault("RequestId") == bought.Scope["RequestId"]), clients.TenantId, "portal");

        // A partner key acts for its own organization, and the lines say which key it was.
        var partnerRequests = core.Where(l => l.Scope.GetValueOrDefault("Caller") == partnerName).Select(l => l.Scope["RequestId"]).ToHashSet();
        Assert.Single(partnerRequests);
        AssertTenantScoped(core.Where(l => partnerRequests.Contains(l.Scope.GetValueOrDefault("RequestId") ?? "")), clients.TenantId, partnerName);
    }

    [Fact]
    public async Task No_secret_is_written_to_the_logs_even_at_debug()
    {
        foreach (var (services, category) in new[] { (stack.Core.Services, "Coordi.Core.Grpc"), (stack.Voice.Services, CallSessionCategory) })
        {
            Assert.True(services.GetRequiredService<ILoggerFactory>().CreateLogger(category).IsEnabled(LogLevel.Debug), $"{category} logs at Debug");
        }

        var (clients, marker, number, greeting) = await stack.NewBusinessAsync();
        var (partnerKey, partner) = await NewPartnerAsync(clients);
        await partner.Leads.ListLeadsAsync(new ListLeadsRequest());
        // A key that does not verify is refused; its text must not be echoed either.
        var wrongKey = partnerKey[..^1] + (partnerKey[^1] == 'x' ? 'y' : 'x');
        await Assert.ThrowsAsync<RpcException>(() => new LeadService.LeadServiceClient(stack.Core.AsPartner(wrongKey)).ListLeadsAsync(new ListLeadsRequest()).ResponseAsync);
        await clients.Integrations.GetIntegrationsAsync(new GetIntegrationsRequest());
        await clients.Profiles.GetAgentConfigAsync(new GetAgentConfigRequest());
        await clients.PhoneNumbers.SearchAvailablePhoneNumbersAsync(new SearchAvailablePhoneNumbersRequest { Country = "US" });
        await clients.Billing.CreateCheckoutSessionAsync(new CreateCheckoutSessionRequest
        {
            PlanId = "starter",
            SuccessUrl = "https://portal.example.com/Billing?checkout=success",
            CancelUrl = "https://portal.example.com/Billing?checkout=canceled",
        });
        var forged = stack.Stripe.Event("customer.updated", new System.Text.Json.Nodes.JsonObject { ["id"] = "cus_forged", ["object"] = "customer" });
        await Assert.ThrowsAsync<RpcException>(() => new BillingService.BillingServiceClient(stack.Core.AsService(null)).HandleStripeWebhookAsync(new HandleStripeWebhookRequest
        {
            Payload = Google.Protobuf.ByteString.CopyFromUtf8(forged.Json),
            Signature = StripeWebhook.Sign(forged.Json, "whsec_not_the_secret"),
        }).ResponseAsync);
        var callId = await TakeACallAsync(clients, marker, number, greeting);
        await Eventually.UntilAsync(
            () => Parse(stack.VoiceLogs).Any(l => l.EventId == 2 && l.Scope.GetValueOrDefault("CallId") == callId),
            "the end of the call to be logged");

        var secrets = new Dictionary<string, string>(stack.Secrets) { ["partner API key"] = partnerKey, ["rejected partner API key"] = wrongKey };
        foreach (var (host, logs) in new[] { ("core", stack.CoreLogs), ("voice edge", stack.VoiceLogs) })
        {
            var text = logs.Text;
            Assert.NotEmpty(text);
            foreach (var (what, secret) in secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"The {what} appears in the {host}'s log output.");
            }
        }
    }

    /// <summary>The request's lines logged under the caller's scope all name the tenant; there is at least one, from the database.</summary>
    private static void AssertTenantScoped(IEnumerable<LogLine> request, string tenantId, string caller)
    {
        var scoped = request.Where(l => l.Scope.ContainsKey("Caller")).ToList();
        Assert.Contains(scoped, l => l.Category == DbCommandCategory);
        Assert.All(scoped, l =>
        {
            Assert.Equal(tenantId, l.Scope.GetValueOrDefault("TenantId"));
            Assert.Equal(caller, l.Scope["Caller"]);
        });
    }

    private async Task<(string Key, TenantClients Clients)> NewPartnerAsync(TenantClients tenant, string name = "crm-sync")
    {
        var created = await tenant.ApiKeys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = name, Scope = ApiKeyScope.ReadWrite });
        return (created.Secret, new TenantClients(tenant.Organization, stack.Core.AsPartner(created.Secret)));
    }

    /// <summary>A caller asks for help, the agent saves a lead and ends the call; returns the call's id once the core has it complete.</summary>
    private async Task<string> TakeACallAsync(TenantClients clients, string marker, string number, string greeting)
    {
        var script = stack.Realtime.Expect(marker)
            .Agent(greeting)
            .Caller("Hi, my drain is blocked, can someone come out?")
            .Agent("Sure, saving your details now.", call: ScriptedCall.Of("create_lead", new
            {
                name = "Dana Smith",
                phone = "512 555 0143",
                service = "Drain cleaning",
                urgency = "normal",
            }))
            .Agent("Done. Anything else?", ms: 500)
            .Caller("No, that's all, thanks.")
            .Agent("Thanks for calling, goodbye!", ms: 600, call: ScriptedCall.Of("end_call", new { reason = "caller is done" }));

        string callId;
        await using (var call = await stack.Twilio.DialAsync(TestData.UsNumber(), number))
        {
            callId = call.StreamParameters["callId"];
            var session = await script.Session.Within("the model session to open");
            await SayAsync(call, session, 800);
            await SayAsync(call, session, 500);
            await call.ConnectAction.Within("the connect action after the agent ended the call");
        }

        await Eventually.GetAsync(
            () => clients.Calls.GetCallAsync(new GetCallRequest { Id = callId }).ResponseAsync,
            c => c.Status == CallStatus.Completed && c.Outcome == CallOutcome.Lead,
            "the call to reach the core complete");
        return callId;
    }

    /// <summary>The caller waits for the agent, speaks, and this returns once the model has transcribed it.</summary>
    private static async Task SayAsync(EmulatedCall call, RealtimeSession session, int ms)
    {
        var media = call.Media ?? throw new InvalidOperationException("The call has no media stream.");
        await Eventually.UntilAsync(() => session.AwaitingCaller || session.Fault is not null, "the agent to finish its turn");
        Assert.Null(session.Fault);
        await Eventually.UntilAsync(
            () => session.Replies.Where(r => !r.Cancelled).All(r => media.ReceivedBytes(r.Tag) >= r.BytesSent) && media.PlaybackIdle,
            "the caller to hear the agent out");
        var heard = session.CallerTranscripts.Count;
        media.Speak(TimeSpan.FromMilliseconds(ms));
        await Eventually.UntilAsync(() => session.CallerTranscripts.Count > heard, "the model to hear the caller");
    }

    /// <summary>Every captured line, each of which must be exactly one JSON object ending the line.</summary>
    private static List<LogLine> Parse(JsonLogCapture logs) =>
        logs.Lines.Select(raw =>
        {
            Assert.EndsWith(Environment.NewLine, raw, StringComparison.Ordinal);
            Assert.DoesNotContain("\n", raw.TrimEnd(), StringComparison.Ordinal);
            return LogLine.Parse(raw);
        }).ToList();
}
