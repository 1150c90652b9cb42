using System.Text.Json;

namespace Coordi.Deployment.Tests;

/// <summary>One JSON console log line, read back: its fixed fields, its state and the properties of its scopes.</summary>
public sealed record LogLine(
    string Category,
    string LogLevel,
    int EventId,
    string Message,
    IReadOnlyDictionary<string, string> State,
    IReadOnlyDictionary<string, string> Scope,
    string Raw)
{
    /// <summary>Parses a line; throws when it is not a single JSON object with the console formatter's fields.</summary>
    public static LogLine Parse(string raw)
    {
        using var document = JsonDocument.Parse(raw);
        var root = document.RootElement;
        var state = root.TryGetProperty("State", out var s) ? Properties(s) : new Dictionary<string, string>();
        var scope = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty("Scopes", out var scopes))
        {
            foreach (var item in scopes.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object))
            {
                // Each scope object carries its ToString() as "Message" beside its own properties.
                foreach (var (key, value) in Properties(item).Where(p => p.Key != "Message"))
                {
                    scope[key] = value;
                }
            }
        }

        return new LogLine(
            root.GetProperty("Category").GetString()!,
            root.GetProperty("LogLevel").GetString()!,
            root.GetProperty("EventId").GetInt32(),
            root.GetProperty("Message").GetString()!,
            state,
            scope,
            raw);
    }

    private static Dictionary<string, string> Properties(JsonElement element)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in element.EnumerateObject())
        {
            properties[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
        }

        return properties;
    }
}
