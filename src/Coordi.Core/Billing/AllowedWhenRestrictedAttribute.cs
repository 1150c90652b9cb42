namespace Coordi.Core.Billing;

/// <summary>
/// Marks a write RPC that keeps working while the organization is restricted or canceled (billing itself:
/// an owner must always be able to pay or resubscribe).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AllowedWhenRestrictedAttribute : Attribute;
