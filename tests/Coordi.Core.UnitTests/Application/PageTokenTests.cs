using System.Buffers.Text;
using System.Text;
using Coordi.Core.Application;
using Coordi.Core.Application.Errors;

namespace Coordi.Core.UnitTests.Application;

public sealed class PageTokenTests
{
    [Fact]
    public void Encoded_token_decodes_to_the_same_position()
    {
        var token = new PageToken(new DateTime(2026, 11, 27, 9, 13, 21, DateTimeKind.Utc).AddTicks(1_234_567), Guid.NewGuid());

        var decoded = PageToken.Decode(token.Encode());

        Assert.Equal(token, decoded);
        Assert.Equal(DateTimeKind.Utc, decoded!.Value.At.Kind);
    }

    [Fact]
    public void Extreme_timestamps_survive_the_round_trip()
    {
        var earliest = new PageToken(DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc), Guid.Empty);
        var latest = new PageToken(DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc), Guid.NewGuid());

        Assert.Equal(earliest, PageToken.Decode(earliest.Encode()));
        Assert.Equal(latest, PageToken.Decode(latest.Encode()));
    }

    [Fact]
    public void Encoded_token_is_safe_in_urls()
    {
        var encoded = new PageToken(DateTime.UtcNow, Guid.NewGuid()).Encode();

        Assert.Matches("^[A-Za-z0-9_-]+$", encoded);
    }

    [Fact]
    public void Different_positions_give_different_tokens()
    {
        var at = DateTime.UtcNow;

        Assert.NotEqual(new PageToken(at, Guid.NewGuid()).Encode(), new PageToken(at, Guid.NewGuid()).Encode());
        Assert.NotEqual(new PageToken(at, Guid.Empty).Encode(), new PageToken(at.AddTicks(1), Guid.Empty).Encode());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Missing_token_means_the_first_page(string? token)
    {
        Assert.Null(PageToken.Decode(token));
    }

    public static TheoryData<string> GarbageTokens => new()
    {
        "not a token!",
        "%%%",
        "a",
        Base64("hello"),
        Base64("638999999999999999"),
        Base64("123:not-a-guid"),
        Base64($"123:{Guid.NewGuid():D}"),
        Base64($"abc:{Guid.NewGuid():N}"),
        Base64($"-1:{Guid.NewGuid():N}"),
        Base64($"{DateTime.MaxValue.Ticks + 1}:{Guid.NewGuid():N}"),
        Base64($"99999999999999999999:{Guid.NewGuid():N}"),
        Base64($"123:{Guid.NewGuid():N}:extra"),
    };

    [Theory]
    [MemberData(nameof(GarbageTokens))]
    public void Garbage_token_is_rejected_as_an_invalid_page_token(string token)
    {
        var ex = Assert.Throws<RequestValidationException>(() => PageToken.Decode(token));

        var violation = Assert.Single(ex.Violations);
        Assert.Equal("page_token", violation.Field);
        Assert.Contains("next_page_token", violation.Description);
    }

    [Theory]
    [InlineData(0, PageToken.DefaultPageSize)]
    [InlineData(-5, PageToken.DefaultPageSize)]
    [InlineData(1, 1)]
    [InlineData(73, 73)]
    [InlineData(PageToken.MaxPageSize, PageToken.MaxPageSize)]
    [InlineData(PageToken.MaxPageSize + 1, PageToken.MaxPageSize)]
    [InlineData(int.MaxValue, PageToken.MaxPageSize)]
    public void Size_defaults_when_unset_and_is_capped(int requested, int expected)
    {
        Assert.Equal(expected, PageToken.Size(requested));
    }

    [Fact]
    public void Default_and_maximum_sizes_match_the_contract()
    {
        // common.proto: page_size 1..200, default 50 when 0.
        Assert.Equal(50, PageToken.DefaultPageSize);
        Assert.Equal(200, PageToken.MaxPageSize);
    }

    private static string Base64(string text) => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(text));
}
