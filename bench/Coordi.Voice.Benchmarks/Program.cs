using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Coordi.Voice.Benchmarks;

public static class Program
{
    public static void Main(string[] args)
    {
        // In process: the benchmarks run from this build, so nothing is rebuilt behind the caller's back.
        // A short job keeps a full run to a few minutes; pass --job to add a longer one.
        var config = DefaultConfig.Instance
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).AsDefault())
            .WithOptions(ConfigOptions.DisableLogFile);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }
}
