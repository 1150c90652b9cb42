namespace Coordi.Events.LoadTest;

/// <summary>Command-line settings of one event fan-out run.</summary>
public sealed record LoadOptions
{
    public const string Usage = """
        Coordi.Events.LoadTest: event fan-out from the core to stream subscribers and webhook endpoints.

          --orgs N        organizations, each with one stream subscriber and one webhook endpoint (default 100)
          --rate N        events written per second, over all organizations (default 1000)
          --seconds N     measured seconds of writing (default 30)
          --warmup N      at most this many seconds of writing before the measurement, in 2 s rounds until
                          tiered compilation settles; not reported (default 60; 0 for none)
          --in-flight N   writes awaiting their answer at most, over all organizations (default 256)
          --drain N       seconds to wait after the last write for every event to arrive (default 180)
          --output PATH   markdown result file (default bench/results/events-load.md; "-" for none)
        """;

    public int Organizations { get; init; } = 100;

    public int Rate { get; init; } = 1000;

    public TimeSpan Measure { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(60);

    public int MaxInFlight { get; init; } = 256;

    public TimeSpan Drain { get; init; } = TimeSpan.FromSeconds(180);

    public string? Output { get; init; }

    /// <summary>Seconds between two writes of one organization.</summary>
    public TimeSpan WriteInterval => TimeSpan.FromSeconds((double)Organizations / Rate);

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            options = name switch
            {
                "--orgs" => options with { Organizations = Positive(name, Value()) },
                "--rate" => options with { Rate = Positive(name, Value()) },
                "--seconds" => options with { Measure = TimeSpan.FromSeconds(Positive(name, Value())) },
                "--warmup" => options with { Warmup = TimeSpan.FromSeconds(NonNegative(name, Value())) },
                "--in-flight" => options with { MaxInFlight = Positive(name, Value()) },
                "--drain" => options with { Drain = TimeSpan.FromSeconds(Positive(name, Value())) },
                "--output" => options with { Output = Value() },
                _ => throw new ArgumentException($"Unknown option '{name}'."),
            };
        }

        return options;
    }

    private static int NonNegative(string name, string value) =>
        int.TryParse(value, out var n) && n >= 0 ? n : throw new ArgumentException($"{name} takes a whole number of 0 or more, not '{value}'.");

    private static int Positive(string name, string value) =>
        int.TryParse(value, out var n) && n > 0 ? n : throw new ArgumentException($"{name} takes a positive whole number, not '{value}'.");
}
