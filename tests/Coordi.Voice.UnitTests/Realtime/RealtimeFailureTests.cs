using System.Text;
using Coordi.Voice.Realtime;

namespace Coordi.Voice.UnitTests.Realtime;

public sealed class RealtimeFailureTests
{
    [Theory]
    [InlineData("insufficient_quota")]
    [InlineData("invalid_api_key")]
    [InlineData("server_error")]
    public void An_error_event_the_model_cannot_answer_past_is_a_failure(string code)
    {
        var e = Parse($$$"""{"type":"error","event_id":"event_1","error":{"type":"{{{code}}}","code":"{{{code}}}","message":"Incorrect API key provided: sk-abc***xyz"}}""");

        Assert.Equal(code, RealtimeFailure.Of(e));
    }

    [Fact]
    public void An_error_without_a_code_is_named_by_its_type()
    {
        var e = Parse("""{"type":"error","error":{"type":"server_error","code":null,"message":"The server had an error."}}""");

        Assert.Equal("server_error", RealtimeFailure.Of(e));
    }

    [Theory]
    [InlineData("response_cancel_not_active")]
    [InlineData("conversation_already_has_active_response")]
    [InlineData("session_expired")]
    public void An_error_that_refuses_one_request_or_is_handled_elsewhere_is_no_failure(string code)
    {
        var e = Parse($$$"""{"type":"error","error":{"type":"invalid_request_error","code":"{{{code}}}","message":"m"}}""");

        Assert.Null(RealtimeFailure.Of(e));
    }

    [Fact]
    public void A_failed_response_is_a_failure_named_by_its_error()
    {
        var e = Parse("""{"type":"response.done","response":{"id":"resp_1","status":"failed","status_details":{"type":"failed","error":{"type":"server_error","code":"rate_limit_exceeded"}},"output":[]}}""");

        Assert.Equal("rate_limit_exceeded", RealtimeFailure.Of(e));
    }

    [Theory]
    [InlineData("completed")]
    [InlineData("cancelled")]
    [InlineData("incomplete")]
    public void A_response_that_ended_otherwise_is_no_failure(string status)
    {
        var e = Parse($$$"""{"type":"response.done","response":{"id":"resp_1","status":"{{{status}}}","status_details":{"type":"{{{status}}}","reason":"turn_detected"},"output":[]}}""");

        Assert.Null(RealtimeFailure.Of(e));
    }

    private static RealtimeServerEvent Parse(string json)
    {
        Assert.True(RealtimeEventParser.TryParse(Encoding.UTF8.GetBytes(json), out var e));
        return e;
    }
}
