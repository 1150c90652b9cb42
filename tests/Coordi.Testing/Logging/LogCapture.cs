using Microsoft.Extensions.Logging;

namespace Coordi.Testing.Logging;

/// <summary>
/// A logger provider that keeps every entry a host logs, added to the hosts the fixtures start the same way a
/// deployment adds its console or OTLP provider. The host's own level filters apply, so it sees what an operator's
/// log pipeline would see. Tests take a <see cref="Checkpoint"/> before they act and read what was logged since.
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly List<CapturedLog> _entries = [];

    /// <summary>A position in the log: entries logged after it are returned by <see cref="Since"/>.</summary>
    public int Checkpoint()
    {
        lock (_entries)
        {
            return _entries.Count;
        }
    }

    public IReadOnlyList<CapturedLog> Since(int checkpoint)
    {
        lock (_entries)
        {
            return _entries.Skip(checkpoint).ToList();
        }
    }

    /// <summary>
    /// Entries after <paramref name="checkpoint"/> that an operator would have to look into: Error or Critical, or
    /// carrying a stack trace at any level.
    /// </summary>
    public IReadOnlyList<CapturedLog> AlarmsSince(int checkpoint) =>
        Since(checkpoint).Where(e => e.Level >= LogLevel.Error || e.HasStackTrace).ToList();

    public ILogger CreateLogger(string categoryName) => new CategoryLogger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(CapturedLog entry)
    {
        lock (_entries)
        {
            _entries.Add(entry);
        }
    }

    private sealed class CategoryLogger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture.Add(new CapturedLog(DateTimeOffset.UtcNow, logLevel, category, eventId, formatter(state, exception), exception));
    }
}
