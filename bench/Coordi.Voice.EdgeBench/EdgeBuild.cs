using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Coordi.Voice.EdgeBench;

/// <summary>
/// A published voice edge to measure: the working tree's or a git revision's, published in Release as the
/// Dockerfile does, with the DOTNET_* environment that revision's Dockerfile gives the running container.
/// </summary>
public sealed partial record EdgeBuild(string Label, string Folder, IReadOnlyDictionary<string, string> RuntimeEnvironment)
{
    public string Dll => Path.Combine(Folder, "Coordi.Voice.dll");

    /// <summary>Publishes the voice edge of <paramref name="revision"/> (null: the working tree) into a folder under <paramref name="workFolder"/>.</summary>
    public static async Task<EdgeBuild> PublishAsync(string repository, string? revision, string label, string workFolder)
    {
        var source = repository;
        if (revision is not null)
        {
            source = Path.Combine(workFolder, "src-" + label);
            Directory.CreateDirectory(source);
            await RunAsync("sh", ["-c", $"git -C \"{repository}\" archive {revision} | tar -x -C \"{source}\""]);
        }

        var output = Path.Combine(workFolder, "edge-" + label);
        await PublishProjectAsync(Path.Combine(source, "src", "Coordi.Voice", "Coordi.Voice.csproj"), output);
        return new EdgeBuild(label, output, DockerfileEnvironment(Path.Combine(source, "Dockerfile")));
    }

    /// <summary>An edge published earlier (e.g. by a previous run), with the Dockerfile it was built from.</summary>
    public static EdgeBuild FromFolder(string label, string folder, string dockerfile) => new(label, folder, DockerfileEnvironment(dockerfile));

    public static async Task PublishProjectAsync(string project, string output)
    {
        Console.Error.WriteLine($"Publishing {project} -> {output}");
        await RunAsync("dotnet", ["publish", project, "-c", "Release", "-o", output, "-v", "q", "-nologo", "-clp:ErrorsOnly"]);
    }

    /// <summary>The DOTNET_* settings of the runtime and voice stages of a Dockerfile (ENV lines).</summary>
    public static IReadOnlyDictionary<string, string> DockerfileEnvironment(string dockerfile)
    {
        var environment = new Dictionary<string, string>();
        if (!File.Exists(dockerfile))
        {
            return environment;
        }

        string? stage = null;
        var inEnv = false;
        foreach (var line in File.ReadLines(dockerfile))
        {
            var from = FromLine().Match(line);
            if (from.Success)
            {
                stage = from.Groups[1].Value;
                inEnv = false;
                continue;
            }

            var partOfEnv = inEnv || line.TrimStart().StartsWith("ENV ", StringComparison.Ordinal);
            inEnv = partOfEnv && line.TrimEnd().EndsWith('\\');
            if (!partOfEnv || stage is not ("runtime" or "voice"))
            {
                continue;
            }

            foreach (Match setting in DotnetSetting().Matches(line))
            {
                environment[setting.Groups[1].Value] = setting.Groups[2].Value;
            }
        }

        return environment;
    }

    private static async Task RunAsync(string program, string[] args)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed with {process.ExitCode}");
        }
    }

    [GeneratedRegex(@"^FROM\s+\S+\s+AS\s+(\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex FromLine();

    [GeneratedRegex(@"\b(DOTNET_\w+)=(\S+)")]
    private static partial Regex DotnetSetting();
}
