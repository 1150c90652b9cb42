using Coordi.Core.Security;

namespace Coordi.Core.UnitTests.Security;

public sealed class ApiKeySecretTests
{
    [Fact]
    public void Generated_key_has_the_documented_format()
    {
        var (prefix, key) = ApiKeySecret.Generate();

        Assert.Matches("^[a-z2-7]{12}$", prefix);
        Assert.Matches("^cdk_[a-z2-7]{12}_[a-z2-7]{32}$", key);
        Assert.StartsWith($"cdk_{prefix}_", key);
    }

    [Fact]
    public void Prefix_is_recovered_from_a_generated_key()
    {
        var (prefix, key) = ApiKeySecret.Generate();

        Assert.Equal(prefix, ApiKeySecret.PrefixOf(key));
    }

    [Theory]
    [InlineData("")]
    [InlineData("cdk_")]
    [InlineData("cdk_abcdefghijkl")]
    [InlineData("cdk_abcdefghijk_abcdefghijklmnopqrstuvwxyz234567")]
    [InlineData("cdk_abcdefghijkl_abcdefghijklmnopqrstuvwxyz23456")]
    [InlineData("cdk_abcdefghijkl_abcdefghijklmnopqrstuvwxyz234567_x")]
    [InlineData("not-a-key")]
    public void Malformed_keys_have_no_prefix(string key)
    {
        Assert.Null(ApiKeySecret.PrefixOf(key));
    }

    [Fact]
    public void Display_prefix_and_key_detection_use_the_scheme()
    {
        var (prefix, key) = ApiKeySecret.Generate();

        Assert.Equal("cdk_" + prefix, ApiKeySecret.DisplayPrefix(prefix));
        Assert.StartsWith(ApiKeySecret.DisplayPrefix(prefix), key);
        Assert.True(ApiKeySecret.LooksLikeKey(key));
        Assert.False(ApiKeySecret.LooksLikeKey("service-shared-secret"));
        Assert.False(ApiKeySecret.LooksLikeKey("CDK_" + key[4..]));
    }

    [Fact]
    public void Key_matches_its_own_hash()
    {
        var (_, key) = ApiKeySecret.Generate();

        var hash = ApiKeySecret.Hash(key);

        Assert.Equal(32, hash.Length);
        Assert.True(ApiKeySecret.Matches(key, hash));
    }

    [Fact]
    public void Hash_is_deterministic()
    {
        var (_, key) = ApiKeySecret.Generate();

        Assert.Equal(ApiKeySecret.Hash(key), ApiKeySecret.Hash(key));
    }

    [Fact]
    public void Other_keys_do_not_match_the_hash()
    {
        var (_, key) = ApiKeySecret.Generate();
        var (_, other) = ApiKeySecret.Generate();
        var hash = ApiKeySecret.Hash(key);
        var lastCharacterChanged = key[..^1] + (key[^1] == 'a' ? 'b' : 'a');

        Assert.False(ApiKeySecret.Matches(other, hash));
        Assert.False(ApiKeySecret.Matches(lastCharacterChanged, hash));
        Assert.False(ApiKeySecret.Matches(key.ToUpperInvariant(), hash));
        Assert.False(ApiKeySecret.Matches(key, []));
    }

    [Fact]
    public void Generated_keys_and_prefixes_are_unique()
    {
        var generated = Enumerable.Range(0, 200).Select(_ => ApiKeySecret.Generate()).ToList();

        Assert.Equal(generated.Count, generated.Select(g => g.Key).Distinct().Count());
        Assert.Equal(generated.Count, generated.Select(g => g.Prefix).Distinct().Count());
    }
}
