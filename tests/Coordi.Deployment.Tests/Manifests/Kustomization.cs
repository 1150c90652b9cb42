using System.Text.Json.Nodes;

namespace Coordi.Deployment.Tests.Manifests;

/// <summary>
/// The part of kustomize the Coordi manifests use, enough to see what `kubectl apply -k` would send: resources
/// (files and bases), namespace, labels, image overrides, and Secrets/ConfigMaps generated from env files.
/// </summary>
public sealed class Kustomization
{
    private Kustomization(IReadOnlyList<JsonObject> objects) => Objects = objects;

    public IReadOnlyList<JsonObject> Objects { get; }

    public static Kustomization Build(string directory) => new(Resolve(Path.GetFullPath(directory)));

    public IEnumerable<JsonObject> OfKind(string kind) => Objects.Where(o => o.Str("kind") == kind);

    public JsonObject Named(string kind, string name) =>
        OfKind(kind).SingleOrDefault(o => o.Str("metadata", "name") == name)
        ?? throw new InvalidOperationException($"No {kind} named {name}.");

    /// <summary>Long-running workloads: Deployments and StatefulSets.</summary>
    public IEnumerable<JsonObject> Workloads => OfKind("Deployment").Concat(OfKind("StatefulSet"));

    /// <summary>The Deployment or StatefulSet named <paramref name="name"/>.</summary>
    public JsonObject Workload(string name) =>
        Workloads.SingleOrDefault(o => o.Str("metadata", "name") == name)
        ?? throw new InvalidOperationException($"No Deployment or StatefulSet named {name}.");

    /// <summary>The pod template of a workload (Deployment, StatefulSet, Job).</summary>
    public static JsonNode PodTemplate(JsonObject workload) =>
        workload.At("spec", "template") ?? throw new InvalidOperationException("No pod template in " + workload.Str("metadata", "name"));

    public static IEnumerable<JsonNode> Containers(JsonObject workload) =>
        PodTemplate(workload).Items("spec", "containers").Concat(PodTemplate(workload).Items("spec", "initContainers"));

    private static List<JsonObject> Resolve(string directory)
    {
        var file = new[] { "kustomization.yaml", "kustomization.yml", "Kustomization" }
            .Select(n => Path.Combine(directory, n))
            .FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException("No kustomization in " + directory);
        var kustomization = Yaml.LoadSingle(file);

        var objects = new List<JsonObject>();
        foreach (var resource in kustomization.Items("resources").Select(r => r.GetValue<string>()))
        {
            var path = Path.GetFullPath(Path.Combine(directory, resource));
            objects.AddRange(Directory.Exists(path) ? Resolve(path) : Yaml.LoadDocuments(path));
        }

        var hashSuffix = kustomization.Bool("generatorOptions", "disableNameSuffixHash") != true;
        objects.AddRange(Generate(kustomization, directory, "secretGenerator", "Secret", hashSuffix));
        objects.AddRange(Generate(kustomization, directory, "configMapGenerator", "ConfigMap", hashSuffix));

        if (kustomization.Str("namespace") is { } ns)
        {
            foreach (var o in objects.Where(o => o.Str("kind") != "Namespace"))
            {
                Metadata(o)["namespace"] = ns;
            }
        }

        foreach (var pair in kustomization.Items("labels").SelectMany(l => l.Pairs("pairs")))
        {
            foreach (var o in objects)
            {
                var labels = Metadata(o)["labels"] as JsonObject ?? new JsonObject();
                Metadata(o)["labels"] = labels;
                labels[pair.Key] = pair.Value;
            }
        }

        foreach (var image in kustomization.Items("images"))
        {
            var name = image.Str("name")!;
            var newName = image.Str("newName") ?? name;
            var tag = image.Str("digest") is { } digest ? "@" + digest : image.Str("newTag") is { } newTag ? ":" + newTag : "";
            foreach (var container in objects.Where(o => o.At("spec", "template") is not null).SelectMany(Containers))
            {
                var current = container.Str("image")!;
                if (ImageName(current) == name)
                {
                    container["image"] = newName + (tag.Length > 0 ? tag : current[ImageName(current).Length..]);
                }
            }
        }

        return objects;
    }

    /// <summary>The image reference without its tag or digest.</summary>
    public static string ImageName(string image)
    {
        var at = image.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            return image[..at];
        }

        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? image[..colon] : image;
    }

    private static IEnumerable<JsonObject> Generate(JsonObject kustomization, string directory, string section, string kind, bool hashSuffix)
    {
        foreach (var generator in kustomization.Items(section))
        {
            var data = new JsonObject();
            foreach (var envFile in generator.Items("envs").Select(e => e.GetValue<string>()))
            {
                foreach (var (key, value) in ReadEnvFile(Path.Combine(directory, envFile)))
                {
                    data[key] = value;
                }
            }

            foreach (var literal in generator.Items("literals").Select(l => l.GetValue<string>()))
            {
                var eq = literal.IndexOf('=', StringComparison.Ordinal);
                data[literal[..eq]] = literal[(eq + 1)..];
            }

            yield return new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = kind,
                ["metadata"] = new JsonObject { ["name"] = generator.Str("name") },
                // kustomize rewrites every reference to a hashed name, so references still match the plain name.
                ["x-name-hash-suffix"] = hashSuffix.ToString(),
                [kind == "Secret" ? "stringData" : "data"] = data,
            };
        }
    }

    /// <summary>KEY=VALUE lines; blank lines and # comments skipped; the value is everything after the first '='.</summary>
    public static IEnumerable<(string Key, string Value)> ReadEnvFile(string path) =>
        File.ReadAllLines(path)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => (l[..l.IndexOf('=', StringComparison.Ordinal)], l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..]));

    private static JsonObject Metadata(JsonObject o)
    {
        if (o["metadata"] is not JsonObject metadata)
        {
            metadata = new JsonObject();
            o["metadata"] = metadata;
        }

        return metadata;
    }
}
