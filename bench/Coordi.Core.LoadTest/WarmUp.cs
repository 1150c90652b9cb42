namespace Coordi.Core.LoadTest;

/// <summary>
/// Runs the RPCs until tiered compilation has settled, so no measured row runs code that is still being
/// recompiled. On a busy machine the compiler gets little CPU and this takes a while; on a quiet one, seconds.
/// </summary>
public static class WarmUp
{
    private const int Clients = 16;
    private const int SettledMethodsPerRpc = 20;
    private static readonly TimeSpan Round = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    public static async Task UntilCompiledAsync(IReadOnlyList<string> rpcs, Func<string, int, Func<Task>> clientFactory, CancellationToken stop)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        long compiled;
        do
        {
            var before = System.Runtime.JitInfo.GetCompiledMethodCount();
            foreach (var rpc in rpcs)
            {
                await ClosedLoop.RunAsync(rpc, Clients, client => clientFactory(rpc, client), TimeSpan.Zero, Round, stop);
            }

            compiled = System.Runtime.JitInfo.GetCompiledMethodCount() - before;
            Console.Error.WriteLine($"Warm-up: {compiled} methods compiled in the last round");
        }
        while (compiled > SettledMethodsPerRpc * rpcs.Count && started.Elapsed < Limit && !stop.IsCancellationRequested);
    }
}
