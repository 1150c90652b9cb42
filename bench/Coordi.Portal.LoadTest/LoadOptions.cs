namespace Coordi.Portal.LoadTest;

/// <summary>Command-line settings of one portal load run.</summary>
public sealed record LoadOptions
{
    public const string Usage = """
        Coordi.Portal.LoadTest: the owner portal's busiest pages under load, with the real core and PostgreSQL.

          --requests N       measured requests per page and concurrency (default 300)
          --warmup N         unmeasured requests per page in each of two warm-up rounds over all pages (default 40)
          --clients LIST     concurrent clients, comma-separated (default 1,4)
          --pages LIST       page names, comma-separated (default: all; see the report)
          --calls N          calls of the loaded organization (default 10000)
          --leads N          leads of the loaded organization (default 3000)
          --neighbours N     other organizations (default 50), each with 200 calls and 60 leads
          --output PATH      markdown result file (default bench/results/portal-load.md; "-" for none)
          --hold             after seeding, print the database's connection string and the portal's address and wait
                             for Enter before loading (to EXPLAIN queries or browse the seeded portal)
        """;

    public int Requests { get; init; } = 300;

    public int Warmup { get; init; } = 40;

    public IReadOnlyList<int> Clients { get; init; } = [1, 4];

    public IReadOnlyList<string>? Pages { get; init; }

    public int Calls { get; init; } = 10_000;

    public int Leads { get; init; } = 3_000;

    public int Neighbours { get; init; } = 50;

    public string? Output { get; init; }

    public bool Hold { get; init; }

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            options = name switch
            {
                "--requests" => options with { Requests = Positive(name, Value()) },
                "--warmup" => options with { Warmup = NonNegative(name, Value()) },
                "--clients" => options with { Clients = Value().Split(',').Select(v => Positive(name, v)).ToArray() },
                "--pages" => options with { Pages = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--calls" => options with { Calls = NonNegative(name, Value()) },
                "--leads" => options with { Leads = NonNegative(name, Value()) },
                "--neighbours" => options with { Neighbours = NonNegative(name, Value()) },
                "--output" => options with { Output = Value() },
                "--hold" => options with { Hold = true },
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
