using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Coordi.Core.Infrastructure;

/// <summary>
/// EF Core logs every failed command and save at Error, with a stack trace, before the exception reaches code that
/// knows what it means. Some failures are answers, not faults: a unique index refusing a second phone number or a
/// second booking of one slot is how the core detects the conflict (ADR 005) and is answered AlreadyExists. So EF's
/// own entries are kept at Debug, and the level is decided where the exception is handled: the gRPC exception
/// mapping logs anything it does not recognise at Error, and the workers log what they catch (ADR 022).
/// </summary>
public static class DatabaseFailureLogging
{
    public static DbContextOptionsBuilder LogFailuresWhereHandled(this DbContextOptionsBuilder options) =>
        options.ConfigureWarnings(w => w.Log(
            (RelationalEventId.CommandError, LogLevel.Debug),
            (CoreEventId.SaveChangesFailed, LogLevel.Debug),
            (CoreEventId.QueryIterationFailed, LogLevel.Debug)));
}
