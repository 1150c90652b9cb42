using Coordi.Voice.Calls;

namespace Coordi.Voice.UnitTests.Calls;

public sealed class ModelResponsesTests
{
    [Fact]
    public void Every_cancelled_response_stays_cancelled()
    {
        var responses = new ModelResponses();
        responses.Created("resp_1"u8, holdingPhrase: false);
        Assert.False(responses.IsCancelled("resp_1"u8));
        responses.CancelCurrent();
        responses.Created("resp_2"u8, holdingPhrase: true);
        responses.Cancel("resp_2"u8);
        responses.Created("resp_3"u8, holdingPhrase: false);

        Assert.True(responses.IsCancelled("resp_1"u8));
        Assert.True(responses.IsCancelled("resp_2"u8));
        Assert.False(responses.IsCancelled("resp_3"u8));
        Assert.True(responses.IsCancelled("resp_1"u8));
    }

    [Fact]
    public void A_cancel_applies_to_deltas_of_a_response_already_checked()
    {
        var responses = new ModelResponses();
        responses.Created("resp_1"u8, holdingPhrase: false);
        Assert.False(responses.IsCancelled("resp_1"u8));

        responses.CancelCurrent();

        Assert.True(responses.IsCancelled("resp_1"u8));
    }

    [Fact]
    public void The_response_whose_audio_arrived_last_can_be_cancelled_after_a_newer_one_started()
    {
        var responses = new ModelResponses();
        responses.Created("resp_1"u8, holdingPhrase: false);
        Assert.False(responses.IsCancelled("resp_1"u8)); // its audio is still playing out
        responses.Created("resp_2"u8, holdingPhrase: false);

        responses.CancelCurrent();
        responses.CancelLatestAudio();

        Assert.True(responses.IsCancelled("resp_1"u8));
        Assert.True(responses.IsCancelled("resp_2"u8));
    }

    [Fact]
    public void A_reply_asked_for_is_busy_until_done()
    {
        var responses = new ModelResponses();
        responses.Requested();
        Assert.True(responses.Busy);

        responses.Created("resp_1"u8, holdingPhrase: false);
        Assert.True(responses.Busy);

        responses.Done();
        Assert.False(responses.Busy);
    }

    [Fact]
    public void A_holding_phrase_does_not_stand_for_the_reply_asked_for()
    {
        var responses = new ModelResponses();
        responses.Requested();
        responses.Created("resp_9"u8, holdingPhrase: true);
        responses.Done();

        Assert.True(responses.Busy);
        Assert.True(responses.IsHoldingPhrase("resp_9"u8));
        Assert.False(responses.IsHoldingPhrase("resp_8"u8));
    }

    [Fact]
    public void Checking_audio_of_a_response_already_seen_allocates_nothing()
    {
        var responses = new ModelResponses();
        responses.Created("resp_1"u8, holdingPhrase: false);
        responses.CancelCurrent();
        var delta = "resp_2"u8.ToArray();
        responses.IsCancelled(delta);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var cancelled = 0;
        for (var i = 0; i < 1000; i++)
        {
            cancelled += responses.IsCancelled(delta) ? 1 : 0;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(0, cancelled);
    }
}
