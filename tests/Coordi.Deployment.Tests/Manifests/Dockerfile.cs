using System.Text.RegularExpressions;

namespace Coordi.Deployment.Tests.Manifests;

/// <summary>The build stages of the root Dockerfile: name, base, and the ports each declares with EXPOSE.</summary>
public sealed partial class Dockerfile
{
    private Dockerfile(IReadOnlyList<Stage> stages) => Stages = stages;

    public IReadOnlyList<Stage> Stages { get; }

    public Stage this[string name] => Stages.Single(s => s.Name == name);

    public bool HasStage(string name) => Stages.Any(s => s.Name == name);

    public static Dockerfile Load(string path)
    {
        var stages = new List<Stage>();
        foreach (var line in File.ReadAllLines(path).Select(l => l.Trim()))
        {
            if (From().Match(line) is { Success: true } from)
            {
                stages.Add(new Stage(from.Groups["name"].Value, from.Groups["base"].Value, [], []));
            }
            else if (stages.Count > 0 && Expose().Match(line) is { Success: true } expose)
            {
                stages[^1].Exposed.AddRange(expose.Groups["ports"].Value
                    .Split(' ', StringSplitOptions.RemoveEmptyEntries)
                    .Select(p => int.Parse(p.Split('/')[0], System.Globalization.CultureInfo.InvariantCulture)));
            }
            else if (stages.Count > 0 && Entrypoint().Match(line) is { Success: true } entry)
            {
                stages[^1].Entrypoint.Add(entry.Groups["json"].Value);
            }
        }

        return new Dockerfile(stages);
    }

    public sealed record Stage(string Name, string Base, List<int> Exposed, List<string> Entrypoint);

    [GeneratedRegex(@"^FROM\s+(?:--\S+\s+)*(?<base>\S+)\s+AS\s+(?<name>[\w.-]+)$", RegexOptions.IgnoreCase)]
    private static partial Regex From();

    [GeneratedRegex(@"^EXPOSE\s+(?<ports>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex Expose();

    [GeneratedRegex(@"^ENTRYPOINT\s+(?<json>\[.*\])$", RegexOptions.IgnoreCase)]
    private static partial Regex Entrypoint();
}
