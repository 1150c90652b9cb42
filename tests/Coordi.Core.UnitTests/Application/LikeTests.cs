using Coordi.Core.Application;

namespace Coordi.Core.UnitTests.Application;

public sealed class LikeTests
{
    [Theory]
    [InlineData("boiler", "%boiler%")]
    [InlineData("  boiler  ", "%boiler%")]
    [InlineData("", "%%")]
    [InlineData("50%", @"%50\%%")]
    [InlineData("a_b", @"%a\_b%")]
    [InlineData("%_%", @"%\%\_\%%")]
    [InlineData(@"C:\temp", @"%C:\\temp%")]
    [InlineData(@"\%", @"%\\\%%")]
    [InlineData(@"\_", @"%\\\_%")]
    public void Contains_wraps_the_text_and_escapes_wildcards(string text, string pattern)
    {
        Assert.Equal(pattern, Like.Contains(text));
    }

    [Fact]
    public void Escape_character_is_the_one_the_patterns_use()
    {
        Assert.Equal(@"\", Like.Escape);
        Assert.StartsWith("%50" + Like.Escape + "%", Like.Contains("50%"));
    }
}
