using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Coordi.Deployment.Tests;

/// <summary>
/// Keeps every log line a host writes, formatted by the very console formatter the host configured for production
/// (JSON, with its options), so what is asserted is what a log shipper would read from the container's stdout.
/// </summary>
public sealed class JsonLogCapture
{
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>Registers the capturing logger provider; pass to a test host's services hook.</summary>
    public void AddTo(IServiceCollection services) =>
        services.AddSingleton<ILoggerProvider>(sp => new Provider(this, sp));

    /// <summary>Every line so far, as written (one JSON document each).</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>Everything written so far as one text, for searching it raw.</summary>
    public string Text => string.Join("", _lines);

    private sealed class Provider(JsonLogCapture capture, IServiceProvider services) : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        private void Keep(string line) => capture._lines.Enqueue(line);

        // Resolved on first use: the formatters are registered by the host's own logging setup.
        private readonly Lazy<ConsoleFormatter> _formatter = new(() =>
        {
            var name = services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName;
            return services.GetRequiredService<IEnumerable<ConsoleFormatter>>().Single(f => f.Name == name);
        });

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(Provider provider, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => provider._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var entry = new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter);
                var text = new StringBuilder();
                using (var writer = new StringWriter(text))
                {
                    provider._formatter.Value.Write(in entry, provider._scopes, writer);
                }

                if (text.Length > 0)
                {
                    provider.Keep(text.ToString());
                }
            }
        }
    }
}
