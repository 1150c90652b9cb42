using Microsoft.AspNetCore.DataProtection;

namespace Coordi.Core.Application;

/// <summary>Encrypts tenant secrets at rest with ASP.NET Data Protection and masks them for display.</summary>
public sealed class SecretProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Coordi.Core.IntegrationSecrets.v1");

    public string? Protect(string? plaintext) =>
        string.IsNullOrEmpty(plaintext) ? null : _protector.Protect(plaintext);

    public string Unprotect(string? ciphertext) =>
        string.IsNullOrEmpty(ciphertext) ? "" : _protector.Unprotect(ciphertext);

    /// <summary>Shows only the last four characters, enough for an owner to recognise which key is set.</summary>
    public string Mask(string? ciphertext)
    {
        if (string.IsNullOrEmpty(ciphertext))
        {
            return "";
        }

        var plain = Unprotect(ciphertext);
        return plain.Length <= 8 ? "••••••••" : "••••••••" + plain[^4..];
    }
}
