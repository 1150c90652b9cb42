using Coordi.MultiTenancy;

namespace Coordi.Core.Model;

/// <summary>A partner key. Only a SHA-256 hash of the secret is kept; the prefix finds the row.</summary>
public sealed class ApiKey : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Name { get; set; }
    public required string Prefix { get; set; }
    public required byte[] SecretHash { get; set; }
    public ApiKeyScope Scope { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}

public enum ApiKeyScope
{
    Read = 1,
    ReadWrite = 2,
}
