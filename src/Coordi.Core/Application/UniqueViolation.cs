using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Coordi.Core.Application;

internal static class UniqueViolation
{
    /// <summary>True when a save lost a race on a unique index, which for idempotent writes means "already done".</summary>
    public static bool IsUniqueViolation(this DbUpdateException ex) =>
        ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
