namespace Coordi.Contracts.Rules;

/// <summary>
/// Control characters in stored text. PostgreSQL cannot store NUL at all (the insert fails), and the other C0
/// controls are never meant in a name, a note or a transcript: they arrive from a model or a paste by mistake.
/// Tab, line feed and carriage return are ordinary text.
/// </summary>
public static class TextRules
{
    public static bool IsControl(char c) => char.IsControl(c) && c is not ('\t' or '\n' or '\r');

    public static bool HasControlCharacters(string? value) => value is not null && value.Any(IsControl);

    /// <summary>The text without control characters; the same instance when it had none.</summary>
    public static string StripControlCharacters(string value) =>
        HasControlCharacters(value) ? new string(value.Where(c => !IsControl(c)).ToArray()) : value;

    /// <summary>
    /// True when a string inside the JSON document decodes to NUL ("\u0000"): a jsonb column refuses it even though
    /// the JSON text itself is plain ASCII.
    /// </summary>
    public static bool JsonHasNul(string json)
    {
        if (!json.Contains("\\u0000", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(json);
            return HasNul(doc.RootElement);
        }
        catch (System.Text.Json.JsonException)
        {
            return false; // not JSON at all: the JSON rule reports that
        }
    }

    /// <summary>The JSON document with every NUL removed from its strings and names; the same instance when it had none.</summary>
    public static string JsonWithoutNul(string json) =>
        JsonHasNul(json) ? WithoutNul(System.Text.Json.Nodes.JsonNode.Parse(json))?.ToJsonString() ?? "null" : json;

    private static System.Text.Json.Nodes.JsonNode? WithoutNul(System.Text.Json.Nodes.JsonNode? node)
    {
        switch (node)
        {
            case System.Text.Json.Nodes.JsonObject obj:
                var cleanObject = new System.Text.Json.Nodes.JsonObject();
                foreach (var (name, value) in obj)
                {
                    cleanObject[name.Replace("\0", "", StringComparison.Ordinal)] = WithoutNul(value);
                }

                return cleanObject;
            case System.Text.Json.Nodes.JsonArray array:
                return new System.Text.Json.Nodes.JsonArray(array.Select(WithoutNul).ToArray());
            case System.Text.Json.Nodes.JsonValue value when value.TryGetValue<string>(out var text):
                return System.Text.Json.Nodes.JsonValue.Create(text.Replace("\0", "", StringComparison.Ordinal));
            default:
                return node?.DeepClone();
        }
    }

    private static bool HasNul(System.Text.Json.JsonElement element) => element.ValueKind switch
    {
        System.Text.Json.JsonValueKind.String => element.GetString()!.Contains('\0'),
        System.Text.Json.JsonValueKind.Array => element.EnumerateArray().Any(HasNul),
        System.Text.Json.JsonValueKind.Object => element.EnumerateObject().Any(p => p.Name.Contains('\0') || HasNul(p.Value)),
        _ => false,
    };
}
