using System.Net;
using System.Xml.Linq;
using Google.Protobuf.WellKnownTypes;

namespace Coordi.Voice.Tests;

/// <summary>
/// The plan decides whether the agent answers: an organization that may not take calls (trial used up,
/// restricted for an unpaid invoice, spend cap reached) has its callers offered voicemail, and its owner is
/// told once, not once per call.
/// </summary>
[Collection(VoiceCollection.Name)]
public sealed class BillingEnforcementTests(VoiceFixture fixture)
{
    private const string PoliteRefusal = "We can't take your call with our assistant right now";

    [Fact]
    public async Task When_the_trial_minutes_are_used_up_callers_are_offered_voicemail_and_the_owner_gets_one_text()
    {
        var business = await fixture.NewBusinessAsync();
        await CompletedCallAsync(business, TimeSpan.FromMinutes(30));
        var caller = TestData.UsNumber();

        var first = await fixture.Twilio.RingAsync(caller, business.Number);
        var second = await fixture.Twilio.RingAsync(TestData.UsNumber(), business.Number);

        foreach (var refused in new[] { first, second })
        {
            AssertVoicemailPath(refused);
        }

        var alert = Assert.Single(fixture.TwilioApi.Messages, m => m.To == business.Owner.Phone);
        Assert.Equal(business.Number, alert.From);
        Assert.Contains(caller, alert.Body, StringComparison.Ordinal);
        Assert.Contains("trial", alert.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(fixture.Realtime.SessionsFor(business.Marker));

        // The caller leaves a message: it is kept on the call, like any voicemail, and the call is not billed.
        const string recordingUrl = "https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Recordings/RE00000000000000000000000000000001";
        var thanks = await first.PostCallbackAsync(RecordAction(first), new Dictionary<string, string>
        {
            ["RecordingUrl"] = recordingUrl,
            ["RecordingSid"] = "RE00000000000000000000000000000001",
            ["RecordingDuration"] = "25",
        });
        Assert.Equal(["Say", "Hangup"], thanks.Verbs());
        Assert.Equal(HttpStatusCode.NoContent, await first.PostStatusCallbackAsync("completed", 45));

        var stored = await Eventually.GetAsync(
            () => fixture.Clients(business).Calls.GetCallAsync(new GetCallRequest { Id = CallIdOf(first) }).ResponseAsync,
            c => c.Status == CallStatus.Completed && c.DurationSeconds == 45 && c.ToolInvocations.Count == 1,
            "the refused call to be completed with its voicemail");
        Assert.Equal(CallOutcome.Voicemail, stored.Outcome);
        Assert.Contains(recordingUrl, Assert.Single(stored.ToolInvocations, t => t.Name == "voicemail").ResultJson, StringComparison.Ordinal);
        var overview = await fixture.Clients(business).Billing.GetBillingOverviewAsync(new GetBillingOverviewRequest());
        Assert.Equal(30, overview.BillableMinutes);
        Assert.Equal(0, overview.TrialMinutesLeft);
    }

    [Fact]
    public async Task A_call_to_an_organization_in_good_standing_reaches_the_agent()
    {
        var business = await fixture.NewBusinessAsync();
        await CompletedCallAsync(business, TimeSpan.FromMinutes(5));
        var script = fixture.Realtime.Expect(business.Marker).Agent(business.Greeting, ms: 400);

        await using var call = await fixture.Twilio.DialAsync(TestData.UsNumber(), business.Number);
        var session = await script.Session.Within("the model session to open");
        await call.AgentFinishedAsync(session);

        Assert.NotNull(call.StreamUrl);
        Assert.Equal(400, call.Media!.HeardMs(session.Replies[0].Tag));
        Assert.DoesNotContain(fixture.TwilioApi.Messages, m => m.To == business.Owner.Phone);
        await call.HangUpAsync();
    }

    [Fact]
    public async Task A_restricted_organizations_callers_are_offered_voicemail_and_the_owner_gets_one_text()
    {
        var business = await fixture.NewBusinessAsync();
        var subscription = await SubscribeAsync(business);
        fixture.Stripe.UpdateSubscription(subscription.Id, s => s.Status = "unpaid");
        await DeliverAsync(fixture.Stripe.Event("customer.subscription.updated", fixture.Stripe.SubscriptionJson(subscription.Id), DateTimeOffset.UtcNow.AddSeconds(5)));
        var overview = await fixture.Clients(business).Billing.GetBillingOverviewAsync(new GetBillingOverviewRequest());
        Assert.Equal(BillingStatus.Restricted, overview.Status);
        var caller = TestData.UsNumber();

        var first = await fixture.Twilio.RingAsync(caller, business.Number);
        var second = await fixture.Twilio.RingAsync(TestData.UsNumber(), business.Number);

        AssertVoicemailPath(first);
        AssertVoicemailPath(second);
        var alert = Assert.Single(fixture.TwilioApi.Messages, m => m.To == business.Owner.Phone);
        Assert.Contains(caller, alert.Body, StringComparison.Ordinal);
        Assert.Contains("payment", alert.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(fixture.Realtime.SessionsFor(business.Marker));
    }

    [Fact]
    public async Task A_subscribed_organization_answers_until_its_spend_cap_is_reached_then_callers_get_voicemail()
    {
        var business = await fixture.NewBusinessAsync();
        await SubscribeAsync(business, "starter");
        var billing = fixture.Clients(business).Billing;
        // Starter: $49 a month with 100 minutes, then $0.40 a minute. A $49.40 cap leaves room for one extra minute.
        await billing.SetSpendCapAsync(new SetSpendCapRequest { SpendCapMinorUnits = 49_40 });
        var script = fixture.Realtime.Expect(business.Marker).Agent(business.Greeting, ms: 400);

        await using (var answered = await fixture.Twilio.DialAsync(TestData.UsNumber(), business.Number))
        {
            var session = await script.Session.Within("the model session of the subscribed organization");
            await answered.AgentFinishedAsync(session);
            Assert.NotNull(answered.StreamUrl);
            await answered.HangUpAsync();
            await answered.PostStatusCallbackAsync("completed", 5);
        }

        await CompletedCallAsync(business, TimeSpan.FromMinutes(101));
        Assert.True((await billing.GetBillingOverviewAsync(new GetBillingOverviewRequest())).SpendCapReached);
        var caller = TestData.UsNumber();
        var refused = await fixture.Twilio.RingAsync(caller, business.Number);

        AssertVoicemailPath(refused);
        var alert = Assert.Single(fixture.TwilioApi.Messages, m => m.To == business.Owner.Phone);
        Assert.Contains(caller, alert.Body, StringComparison.Ordinal);
        Assert.Contains("spend cap", alert.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Single(fixture.Realtime.SessionsFor(business.Marker));
    }

    /// <summary>Subscribes the business as the owner would: Checkout at (fake) Stripe, then Stripe's signed webhook.</summary>
    private async Task<FakeSubscription> SubscribeAsync(Business business, string plan = "starter")
    {
        var session = await fixture.Clients(business).Billing.CreateCheckoutSessionAsync(new CreateCheckoutSessionRequest
        {
            PlanId = plan,
            SuccessUrl = "https://portal.example.com/Billing?checkout=success",
            CancelUrl = "https://portal.example.com/Billing?checkout=canceled",
        });
        var subscription = fixture.Stripe.CompleteCheckout(session.Id);
        await DeliverAsync(fixture.Stripe.Event("checkout.session.completed", fixture.Stripe.CheckoutSessionJson(session.Id)));
        Assert.Equal(BillingStatus.Active, (await fixture.Clients(business).Billing.GetBillingOverviewAsync(new GetBillingOverviewRequest())).Status);
        return subscription;
    }

    /// <summary>Delivers a signed Stripe event to the core, as the portal relays it.</summary>
    private async Task DeliverAsync(StripeEventDelivery delivery)
    {
        var platform = new BillingService.BillingServiceClient(fixture.Core.AsService(null));
        var handled = await platform.HandleStripeWebhookAsync(new HandleStripeWebhookRequest
        {
            Payload = Google.Protobuf.ByteString.CopyFromUtf8(delivery.Json),
            Signature = StripeWebhook.Sign(delivery.Json, FakeStripeApi.WebhookSecret),
        });
        Assert.True(handled.Applied, $"{delivery.Type} was not applied");
    }

    /// <summary>A finished, billable call of <paramref name="length"/>, recorded as the voice edge records one.</summary>
    private async Task CompletedCallAsync(Business business, TimeSpan length)
    {
        var voice = new CallService.CallServiceClient(fixture.Core.AsService(business.TenantId, CoreServer.VoiceCredential));
        var started = DateTime.UtcNow - length;
        var call = await voice.StartCallAsync(new StartCallRequest
        {
            TwilioCallSid = TestData.CallSid(),
            FromNumber = TestData.UsNumber(),
            ToNumber = business.Number,
            StartedAt = Timestamp.FromDateTime(started),
        });
        await voice.CompleteCallAsync(new CompleteCallRequest
        {
            CallId = call.Id,
            Status = CallStatus.Completed,
            Outcome = CallOutcome.Information,
            EndedAt = Timestamp.FromDateTime(DateTime.UtcNow),
            DurationSeconds = (int)length.TotalSeconds,
        });
    }

    private static void AssertVoicemailPath(EmulatedCall call)
    {
        Assert.Equal(HttpStatusCode.OK, call.WebhookStatus);
        Assert.Null(call.StreamUrl);
        Assert.Equal(["Say", "Record", "Say", "Hangup"], call.Twiml!.Verbs());
        Assert.Contains(PoliteRefusal, call.Twiml!.Says()[0], StringComparison.Ordinal);
    }

    private static string RecordAction(EmulatedCall call) => call.Twiml!.Root!.Element("Record")!.Attribute("action")!.Value;

    private static string CallIdOf(EmulatedCall call) =>
        System.Web.HttpUtility.ParseQueryString(new Uri(RecordAction(call)).Query)["callId"] ?? throw new InvalidOperationException("The voicemail action names no call.");
}
