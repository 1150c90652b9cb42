namespace Coordi.Voice.EdgeBench;

/// <summary>Command-line options; see bench/README.md.</summary>
public sealed record BenchOptions
{
    public IReadOnlyList<int> Calls { get; init; } = [50, 200, 500];
    public int Seconds { get; init; } = 30;
    public int Warmup { get; init; } = 10;
    public int SpeakMs { get; init; } = 1500;
    public int ReplyMs { get; init; } = 4000;
    public int Businesses { get; init; } = 25;
    public int Dialers { get; init; } = 10;

    /// <summary>A git revision to measure beside the working tree ("before"); null measures the working tree only.</summary>
    public string? BaselineRevision { get; init; }

    /// <summary>Already published edges instead of publishing: "label=folder" (the Dockerfile is looked for next to it as label.Dockerfile, else the working tree's).</summary>
    public IReadOnlyList<string> Edges { get; init; } = [];

    public string? CoreFolder { get; init; }
    public string Output { get; init; } = "bench/results/voice-edge.md";
    public bool SkipWorkingTree { get; init; }

    /// <summary>Extra environment for every edge process, e.g. DOTNET_PerfMapEnabled=1 to profile it with perf.</summary>
    public IReadOnlyDictionary<string, string> EdgeEnvironment { get; init; } = new Dictionary<string, string>();

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        var edges = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--calls" => options with { Calls = Next().Split(',').Select(int.Parse).ToList() },
                "--seconds" => options with { Seconds = int.Parse(Next()) },
                "--warmup" => options with { Warmup = int.Parse(Next()) },
                "--speak-ms" => options with { SpeakMs = int.Parse(Next()) },
                "--reply-ms" => options with { ReplyMs = int.Parse(Next()) },
                "--businesses" => options with { Businesses = int.Parse(Next()) },
                "--dialers" => options with { Dialers = int.Parse(Next()) },
                "--baseline" => options with { BaselineRevision = Next() },
                "--core" => options with { CoreFolder = Next() },
                "--output" => options with { Output = Next() },
                "--baseline-only" => options with { SkipWorkingTree = true },
                "--edge" => AddEdge(options, edges, Next()),
                "--edge-env" => AddEnvironment(options, Next()),
                _ => throw new ArgumentException($"Unknown option {args[i]}"),
            };
        }

        return options with { Edges = edges };
    }

    private static BenchOptions AddEnvironment(BenchOptions options, string setting)
    {
        var environment = new Dictionary<string, string>(options.EdgeEnvironment) { [setting[..setting.IndexOf('=')]] = setting[(setting.IndexOf('=') + 1)..] };
        return options with { EdgeEnvironment = environment };
    }

    private static BenchOptions AddEdge(BenchOptions options, List<string> edges, string value)
    {
        edges.Add(value);
        return options;
    }
}
