using Coordi.Voice.Calls;

namespace Coordi.Voice.UnitTests.Calls;

public sealed class HoldingPhraseTests
{
    [Fact]
    public void A_phrase_that_starts_after_the_tool_returned_is_to_be_cancelled()
    {
        var phrase = new HoldingPhrase();

        phrase.ToolReturned();

        Assert.True(phrase.Started("resp_1"));
        Assert.Equal("resp_1", phrase.ResponseId);
    }

    [Fact]
    public void A_phrase_already_playing_when_the_tool_returns_is_let_finish()
    {
        var phrase = new HoldingPhrase();

        Assert.False(phrase.Started("resp_1"));
        phrase.ToolReturned();

        Assert.False(phrase.Done.IsCompleted);
        phrase.Finished();
        Assert.True(phrase.Done.IsCompletedSuccessfully);
    }
}
