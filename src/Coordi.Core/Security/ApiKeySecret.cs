using System.Security.Cryptography;
using System.Text;

namespace Coordi.Core.Security;

/// <summary>
/// Partner key format "cdk_{prefix}_{secret}". The prefix locates the row; only SHA-256 of the whole key is
/// stored. With 160 random bits a fast hash is enough: there is nothing to brute-force from a dictionary.
/// </summary>
public static class ApiKeySecret
{
    private const string Scheme = "cdk_";
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static (string Prefix, string Key) Generate()
    {
        var prefix = Random(12);
        return (prefix, $"{Scheme}{prefix}_{Random(32)}");
    }

    public static string DisplayPrefix(string prefix) => Scheme + prefix;

    public static bool LooksLikeKey(string value) => value.StartsWith(Scheme, StringComparison.Ordinal);

    public static string? PrefixOf(string key)
    {
        var parts = key.Split('_');
        return parts.Length == 3 && parts[1].Length == 12 && parts[2].Length == 32 ? parts[1] : null;
    }

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static bool Matches(string key, byte[] storedHash) => CryptographicOperations.FixedTimeEquals(Hash(key), storedHash);

    private static string Random(int length) => RandomNumberGenerator.GetString(Alphabet, length);
}
