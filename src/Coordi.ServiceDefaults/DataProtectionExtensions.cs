using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;

namespace Coordi.ServiceDefaults;

public static class DataProtectionExtensions
{
    /// <summary>
    /// Encrypts the persisted key ring with the PFX named by "{section}:DataProtection:CertificatePath" (and
    /// "CertificatePassword"), when one is configured, so a database dump alone reveals no key.
    /// </summary>
    public static IDataProtectionBuilder ProtectKeysWithConfiguredCertificate(this IDataProtectionBuilder dataProtection, IConfiguration configuration, string section)
    {
        if (configuration[$"{section}:DataProtection:CertificatePath"] is { Length: > 0 } certificatePath)
        {
            dataProtection.ProtectKeysWithCertificate(X509CertificateLoader.LoadPkcs12FromFile(
                certificatePath, configuration[$"{section}:DataProtection:CertificatePassword"]));
        }

        return dataProtection;
    }
}
