using Coordi.Contracts.Rules;

namespace Coordi.Voice.UnitTests.Rules;

public sealed class TextRulesTests
{
    [Theory]
    [InlineData("Dana\0Smith")]
    [InlineData("\u0001")]
    [InlineData("bell\u0007")]
    [InlineData("del\u007f")]
    [InlineData("c1\u0085")]
    public void Control_characters_are_found_and_stripped(string text)
    {
        Assert.True(TextRules.HasControlCharacters(text));
        Assert.False(TextRules.HasControlCharacters(TextRules.StripControlCharacters(text)));
    }

    [Theory]
    [InlineData("Dana Smith")]
    [InlineData("line one\nline two\r\n\tindented")]
    [InlineData("Zoë — naïve ☎")]
    [InlineData("")]
    public void Ordinary_text_is_left_alone(string text)
    {
        Assert.False(TextRules.HasControlCharacters(text));
        Assert.Same(text, TextRules.StripControlCharacters(text));
    }

    [Theory]
    [InlineData("""{"name":"Dana\u0000"}""", true)]
    [InlineData("""{"a":{"b":["x","\u0000"]}}""", true)]
    [InlineData("""{"na\u0000me":"Dana"}""", true)]
    [InlineData("""{"name":"Dana\\u0000"}""", false)]
    [InlineData("""{"name":"Dana\u0001"}""", false)]
    [InlineData("""{"name":"Dana"}""", false)]
    [InlineData("not json \\u0000", false)]
    public void A_nul_inside_json_strings_is_found(string json, bool hasNul)
    {
        Assert.Equal(hasNul, TextRules.JsonHasNul(json));
    }

    [Theory]
    [InlineData("""{"name":"Dana\u0000 Smith","n":3}""", """{"name":"Dana Smith","n":3}""")]
    [InlineData("""{"a":{"b":["x","\u0000y"]},"na\u0000me":true}""", """{"a":{"b":["x","y"]},"name":true}""")]
    [InlineData("""{"path":"C:\\u0000","bad":"\u0000"}""", """{"path":"C:\\u0000","bad":""}""")]
    public void Nul_is_removed_from_json_strings_and_names_and_nothing_else(string json, string expected)
    {
        var clean = TextRules.JsonWithoutNul(json);
        Assert.Equal(expected, clean);
        Assert.False(TextRules.JsonHasNul(clean));
    }

    [Fact]
    public void Json_without_nul_is_returned_as_it_is()
    {
        var json = """{"name":"Dana"}""";
        Assert.Same(json, TextRules.JsonWithoutNul(json));
    }
}
