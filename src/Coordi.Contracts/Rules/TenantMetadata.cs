namespace Coordi.Contracts.Rules;

public static class TenantMetadata
{
    /// <summary>gRPC metadata by which a service caller names the organization it acts for.</summary>
    public const string Header = "x-coordi-tenant";
}
