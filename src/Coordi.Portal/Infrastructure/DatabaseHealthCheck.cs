using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Coordi.Portal.Infrastructure;

/// <summary>Ready only while the portal's database answers: without it nobody can sign in.</summary>
public sealed class DatabaseHealthCheck(PortalDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The portal database is unreachable.");
}
