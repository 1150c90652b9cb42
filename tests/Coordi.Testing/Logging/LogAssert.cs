using Xunit;

namespace Coordi.Testing.Logging;

/// <summary>Assertions on what hosts logged while a test sent them bad input.</summary>
public static class LogAssert
{
    /// <summary>
    /// Fails when any host logged an Error, a Critical entry or a stack trace after its checkpoint: bad input is the
    /// sender's mistake, worth a Warning with a reason, never an alarm for whoever runs the service.
    /// </summary>
    public static void NoAlarmsSince(string what, params (string Host, LogCapture Logs, int Checkpoint)[] hosts)
    {
        var alarms = hosts
            .SelectMany(h => h.Logs.AlarmsSince(h.Checkpoint).Select(e => $"{h.Host}: {e}"))
            .ToList();
        Assert.True(alarms.Count == 0, $"{alarms.Count} alarms logged during {what}:{Environment.NewLine}{string.Join(Environment.NewLine, alarms.Take(30))}");
    }
}
