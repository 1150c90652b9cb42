namespace Coordi.Voice.EdgeBench;

/// <summary>CPU time, memory and threads of one process, read from /proc as an operator's tools would.</summary>
public static class ProcStats
{
    private static readonly Lazy<long> TicksPerSecond = new(() =>
    {
        using var getconf = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true })!;
        var text = getconf.StandardOutput.ReadToEnd().Trim();
        getconf.WaitForExit();
        return long.TryParse(text, out var ticks) ? ticks : 100;
    });

    /// <summary>User plus system CPU seconds the process has used (utime + stime of /proc/PID/stat).</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name may hold spaces; the fields after it are fixed.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11]) + long.Parse(fields[12])) / (double)TicksPerSecond.Value;
    }

    /// <summary>Resident set size in KB (VmRSS).</summary>
    public static long RssKb(int pid) => StatusValue(pid, "VmRSS:");

    public static long Threads(int pid) => StatusValue(pid, "Threads:");

    public static string LoadAverage() => string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static long StatusValue(int pid, string key)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                return long.Parse(line[key.Length..].Trim().Split(' ')[0]);
            }
        }

        return 0;
    }
}
