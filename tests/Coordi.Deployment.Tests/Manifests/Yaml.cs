using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Coordi.Deployment.Tests.Manifests;

/// <summary>YAML documents as JSON nodes, so manifests can be walked with indexers. Scalars stay strings.</summary>
public static class Yaml
{
    public static IReadOnlyList<JsonObject> LoadDocuments(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(reader);
        }

        return stream.Documents
            .Select(d => ToJson(d.RootNode))
            .OfType<JsonObject>()
            .ToList();
    }

    public static JsonObject LoadSingle(string path) => LoadDocuments(path).Single();

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv =>
            KeyValuePair.Create(((YamlScalarNode)kv.Key).Value!, ToJson(kv.Value)))),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(ToJson)]),
        YamlScalarNode { Value: null or "~" or "null" } scalar when scalar.Style == YamlDotNet.Core.ScalarStyle.Plain => null,
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => throw new NotSupportedException(node.GetType().Name),
    };
}

/// <summary>Reading helpers over manifest nodes.</summary>
public static class Node
{
    public static string? Str(this JsonNode? node, params string[] path) => At(node, path)?.GetValue<string>();

    public static int? Int(this JsonNode? node, params string[] path) =>
        Str(node, path) is { } s ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : null;

    public static bool? Bool(this JsonNode? node, params string[] path) => Str(node, path) is { } s ? bool.Parse(s) : null;

    public static JsonNode? At(this JsonNode? node, params string[] path)
    {
        foreach (var part in path)
        {
            node = node?[part];
        }

        return node;
    }

    public static IEnumerable<JsonNode> Items(this JsonNode? node, params string[] path) =>
        At(node, path) is JsonArray array ? array.OfType<JsonNode>() : [];

    public static IEnumerable<KeyValuePair<string, string>> Pairs(this JsonNode? node, params string[] path) =>
        At(node, path) is JsonObject map
            ? map.Select(kv => KeyValuePair.Create(kv.Key, kv.Value?.GetValue<string>() ?? ""))
            : [];
}
