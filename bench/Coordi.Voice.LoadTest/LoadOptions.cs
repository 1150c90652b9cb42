using System.Globalization;

namespace Coordi.Voice.LoadTest;

/// <summary>Command-line options of the voice load test.</summary>
public sealed record LoadOptions(
    IReadOnlyList<int> Calls,
    int Seconds,
    int Warmup,
    int Businesses,
    int SpeakMs,
    int ReplyMs,
    string? Output)
{
    public const string Usage = """
        Usage: Coordi.Voice.LoadTest [--calls 50,100,200,500] [--seconds 20] [--warmup 5] [--businesses 25]
                                     [--speak-ms 1000] [--reply-ms 1500] [--output PATH|-]
        """;

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions([50, 100, 200, 500], 20, 5, 25, 1000, 1500, null);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--calls" => options with { Calls = [.. value.Split(',').Select(Positive)] },
                "--seconds" => options with { Seconds = Positive(value) },
                "--warmup" => options with { Warmup = Positive(value) },
                "--businesses" => options with { Businesses = Positive(value) },
                "--speak-ms" => options with { SpeakMs = Positive(value) },
                "--reply-ms" => options with { ReplyMs = Positive(value) },
                "--output" => options with { Output = value },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
            i++;
        }

        return options;
    }

    private static int Positive(string value)
    {
        var n = int.Parse(value, CultureInfo.InvariantCulture);
        return n > 0 ? n : throw new ArgumentException($"{value} is not a positive number.");
    }
}
