using Coordi.Contracts.V1;
using Coordi.Voice.Calls;

namespace Coordi.Voice.UnitTests.Calls;

public sealed class CallHandoffsTests
{
    [Theory]
    [InlineData(CallDisposition.Hangup, CallHandoff.HangUp)]
    [InlineData(CallDisposition.Escalate, CallHandoff.Transfer)]
    [InlineData(CallDisposition.Voicemail, CallHandoff.Voicemail)]
    [InlineData(CallDisposition.TimeLimit, CallHandoff.TimeLimit)]
    public void Every_disposition_is_stored_as_a_hand_off_and_read_back(CallDisposition disposition, CallHandoff handoff)
    {
        Assert.Equal(handoff, CallHandoffs.ToHandoff(disposition));
        Assert.Equal(disposition, CallHandoffs.ToDisposition(handoff));
        Assert.Null(CallHandoffs.ToDisposition(CallHandoff.Unspecified));
    }
}
