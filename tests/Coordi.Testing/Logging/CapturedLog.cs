using Microsoft.Extensions.Logging;

namespace Coordi.Testing.Logging;

/// <summary>One entry a host logged, as its providers received it.</summary>
public sealed record CapturedLog(DateTimeOffset At, LogLevel Level, string Category, EventId EventId, string Message, Exception? Exception)
{
    /// <summary>
    /// True when the entry would print a stack trace: an exception was attached, or the message itself carries
    /// frames (an exception's ToString() passed as a value).
    /// </summary>
    public bool HasStackTrace => Exception is not null || Message.Contains("   at ", StringComparison.Ordinal);

    public override string ToString() =>
        $"{Level} {Category}[{EventId.Id}]: {Message}" + (Exception is null ? "" : $" ({Exception.GetType().Name}: {Exception.Message})");
}
