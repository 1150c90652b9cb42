namespace Coordi.Core.Security;

/// <summary>Who may call an RPC. Every RPC must carry one; a method without it is refused (fail closed).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AccessAttribute(AccessLevel level) : Attribute
{
    public AccessLevel Level { get; } = level;
}

public enum AccessLevel
{
    /// <summary>Partners with a read or read-write key, and services acting for a tenant.</summary>
    TenantRead,

    /// <summary>Partners with a read-write key, and services acting for a tenant.</summary>
    TenantWrite,

    /// <summary>Services acting for a tenant only (secrets, keys, integrations).</summary>
    ServiceTenant,

    /// <summary>Services acting before a tenant is known (sign-up, routing a dialled number).</summary>
    ServicePlatform,

    /// <summary>
    /// The services that take calls (Coordi:Billing:CallRecordingServices, i.e. the voice edge) acting for a
    /// tenant: facts only the service on the call can vouch for.
    /// </summary>
    CallRecorder,

    /// <summary>
    /// Anyone, with or without a credential: only the gRPC health service, which load balancers and orchestrators
    /// probe without keys. It reveals nothing but whether the core can serve.
    /// </summary>
    Anyone,
}
