using Coordi.Voice.Calls;

namespace Coordi.Voice.UnitTests.Calls;

public sealed class HeardTranscriptTests
{
    private const string Reply = "Yes, we install tank and tankless water heaters.";

    [Fact]
    public void A_reply_heard_in_full_is_kept_whole()
    {
        Assert.Equal(Reply, HeardTranscript.Of(Reply, 3000, 3000));
    }

    [Fact]
    public void A_cut_reply_keeps_the_words_before_the_cut()
    {
        // Half of 48 characters ends inside "tankless": only the words before it were surely heard.
        Assert.Equal("Yes, we install tank and", HeardTranscript.Of(Reply, 1500, 3000));
    }

    [Fact]
    public void A_reply_cut_before_its_first_word_ended_leaves_nothing()
    {
        Assert.Equal("", HeardTranscript.Of(Reply, 10, 3000));
    }

    [Fact]
    public void Unknown_length_keeps_the_text()
    {
        Assert.Equal(Reply, HeardTranscript.Of(Reply, 100, 0));
    }
}
