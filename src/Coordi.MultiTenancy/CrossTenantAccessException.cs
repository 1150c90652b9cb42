namespace Coordi.MultiTenancy;

/// <summary>Thrown when a write would touch a row that belongs to another tenant.</summary>
public sealed class CrossTenantAccessException(string entityName)
    : InvalidOperationException($"A {entityName} of another tenant cannot be written in this tenant's context.")
{
    public string EntityName { get; } = entityName;
}
