using System.Net;

namespace Coordi.Voice.Tests;

[Collection(VoiceCollection.Name)]
public sealed class WebhookSecurityTests(VoiceFixture fixture)
{
    [Theory]
    [InlineData(Signing.Forged)]
    [InlineData(Signing.Missing)]
    public async Task An_incoming_call_webhook_not_signed_by_Twilio_is_refused_and_records_nothing(Signing signing)
    {
        var business = await fixture.NewBusinessAsync();

        var call = await fixture.Twilio.RingAsync(TestData.UsNumber(), business.Number, signing);

        Assert.Equal(HttpStatusCode.Forbidden, call.WebhookStatus);
        Assert.Null(call.Twiml);
        var calls = await fixture.Clients(business).Calls.ListCallsAsync(new ListCallsRequest());
        Assert.Empty(calls.Calls);
        Assert.Empty(fixture.Realtime.SessionsFor(business.Marker));
    }

    [Fact]
    public async Task A_call_to_a_number_nobody_holds_is_answered_politely_and_hung_up()
    {
        var call = await fixture.Twilio.RingAsync(TestData.UsNumber(), TestData.UsNumber());

        Assert.Equal(HttpStatusCode.OK, call.WebhookStatus);
        Assert.Equal(["Say", "Hangup"], call.Twiml!.Verbs());
        Assert.Contains("not in service", call.Twiml!.Says()[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_emulated_signature_is_the_one_the_Twilio_SDK_accepts()
    {
        var url = new Uri(fixture.Voice.BaseAddress, "/twilio/dial-action?callId=abc&next=1").ToString();
        var form = new Dictionary<string, string> { ["CallSid"] = TestData.CallSid(), ["DialCallStatus"] = "no-answer", ["From"] = "+15125550143" };
        var signature = TwilioCallerEmulator.Sign("token-0123", url, form);

        var parameters = new System.Collections.Specialized.NameValueCollection();
        foreach (var (key, value) in form)
        {
            parameters.Add(key, value);
        }

        Assert.True(new global::Twilio.Security.RequestValidator("token-0123").Validate(url, parameters, signature));
        Assert.False(new global::Twilio.Security.RequestValidator("token-0124").Validate(url, parameters, signature));
    }
}
