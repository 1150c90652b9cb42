namespace Coordi.Core.LoadTest;

/// <summary>Command-line settings of one load run.</summary>
public sealed record LoadOptions
{
    public const string Usage = """
        Coordi.Core.LoadTest: closed-loop gRPC load on the core.

          --target URL         a running core's gRPC address (default: start PostgreSQL and the core in this process)
          --credential SECRET  service credential for --target (sent as 'authorization: Bearer ...')
          --tenant ID          organization to load on --target; without it one is signed up and seeded
          --seconds N          measured seconds per RPC and concurrency (default 10)
          --warmup N           warm-up seconds before each measurement (default 2)
          --concurrency LIST   concurrent clients, comma-separated (default 1,16,64)
          --rpcs LIST          GetAgentConfig,CreateLead,ListCalls (default: all three)
          --channels N         gRPC channels the clients share (default 2)
          --calls N            calls seeded for the loaded organization (default 2000)
          --output PATH        markdown result file (default bench/results/core-load.md; "-" for none)
        """;

    public Uri? Target { get; init; }

    public string? Credential { get; init; }

    public string? Tenant { get; init; }

    public TimeSpan Measure { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    public IReadOnlyList<int> Concurrency { get; init; } = [1, 16, 64];

    public IReadOnlyList<string> Rpcs { get; init; } = Scenarios.Names;

    public int Channels { get; init; } = 2;

    public int SeedCalls { get; init; } = 2000;

    public string? Output { get; init; }

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            options = name switch
            {
                "--target" => options with { Target = new Uri(Value()) },
                "--credential" => options with { Credential = Value() },
                "--tenant" => options with { Tenant = Value() },
                "--seconds" => options with { Measure = TimeSpan.FromSeconds(Positive(name, Value())) },
                "--warmup" => options with { Warmup = TimeSpan.FromSeconds(NonNegative(name, Value())) },
                "--concurrency" => options with { Concurrency = Value().Split(',').Select(v => Positive(name, v)).ToArray() },
                "--rpcs" => options with { Rpcs = Value().Split(',').Select(Scenarios.Canonical).ToArray() },
                "--channels" => options with { Channels = Positive(name, Value()) },
                "--calls" => options with { SeedCalls = NonNegative(name, Value()) },
                "--output" => options with { Output = Value() },
                _ => throw new ArgumentException($"Unknown option '{name}'."),
            };
        }

        if (options.Target is not null && string.IsNullOrEmpty(options.Credential))
        {
            throw new ArgumentException("--target needs --credential: the core's RPCs are closed to anonymous callers.");
        }

        if (options.Target is null && (options.Credential is not null || options.Tenant is not null))
        {
            throw new ArgumentException("--credential and --tenant apply to --target only.");
        }

        return options;
    }

    private static int NonNegative(string name, string value) =>
        int.TryParse(value, out var n) && n >= 0 ? n : throw new ArgumentException($"{name} takes a whole number of 0 or more, not '{value}'.");

    private static int Positive(string name, string value) =>
        int.TryParse(value, out var n) && n > 0 ? n : throw new ArgumentException($"{name} takes positive whole numbers, not '{value}'.");
}
