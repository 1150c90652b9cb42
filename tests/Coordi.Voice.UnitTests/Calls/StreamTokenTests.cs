using Coordi.Voice.Calls;
using Microsoft.Extensions.Options;

namespace Coordi.Voice.UnitTests.Calls;

public sealed class StreamTokenTests
{
    private static readonly StreamClaims Claims = new("0193a0c4-0000-7000-8000-000000000001", "0193a0c4-0000-7000-8000-0000000000aa",
        "CA0123456789abcdef0123456789abcdef", "+15125550143", "+15125550100");

    private static readonly StreamToken Tokens = new(Options.Create(new VoiceOptions { StreamTokenSecret = "unit-test-stream-token-secret-0123456789" }));

    [Fact]
    public void A_token_vouches_for_the_claims_it_was_made_for()
    {
        Assert.True(Tokens.IsValid(Claims, Tokens.Create(Claims)));
    }

    public static TheoryData<StreamClaims> Changed() =>
    [
        Claims with { CallId = "0193a0c4-0000-7000-8000-000000000002" },
        Claims with { TenantId = "0193a0c4-0000-7000-8000-0000000000bb" },
        Claims with { CallSid = "CA0123456789abcdef0123456789abcdee" },
        Claims with { From = "+15125550144" },
        Claims with { To = "+15125550101" },
        // Moving characters from one value to the next must not give the same token.
        Claims with { From = "+15125550143+1512555010", To = "0" },
    ];

    [Theory]
    [MemberData(nameof(Changed))]
    public void A_token_does_not_vouch_for_any_other_claim(StreamClaims changed)
    {
        Assert.False(Tokens.IsValid(changed, Tokens.Create(Claims)));
    }

    [Fact]
    public void A_token_made_with_another_secret_is_refused()
    {
        var other = new StreamToken(Options.Create(new VoiceOptions { StreamTokenSecret = "another-stream-token-secret-0123456789ab" }));

        Assert.False(Tokens.IsValid(Claims, other.Create(Claims)));
        Assert.False(Tokens.IsValid(Claims, ""));
    }
}
