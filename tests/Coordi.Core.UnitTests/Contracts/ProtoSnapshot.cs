using System.Reflection;
using System.Text.Json;
using Coordi.Contracts.V1;
using Google.Protobuf.Reflection;

namespace Coordi.Core.UnitTests.Contracts;

/// <summary>
/// The published shape of the contract: every message's fields (number -> "name type"), every enum's values and
/// every service's methods. Written as JSON and committed, so a change to what clients compiled against is seen.
/// </summary>
public sealed record ProtoSnapshot(
    SortedDictionary<string, SortedDictionary<int, string>> Messages,
    SortedDictionary<string, SortedDictionary<int, string>> Enums,
    SortedDictionary<string, SortedDictionary<string, string>> Services)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>The coordi.v1 files compiled into Coordi.Contracts.</summary>
    public static IReadOnlyList<FileDescriptorProto> CompiledFiles() =>
        typeof(CallService).Assembly.GetTypes()
            .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
            .Where(p => p?.PropertyType == typeof(FileDescriptor))
            .Select(p => (FileDescriptor)p!.GetValue(null)!)
            .Where(f => f.Package == "coordi.v1")
            .Select(f => f.ToProto())
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();

    public static ProtoSnapshot Of(IEnumerable<FileDescriptorProto> files)
    {
        var snapshot = new ProtoSnapshot(new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal));
        foreach (var file in files)
        {
            var scope = "." + file.Package;
            foreach (var message in file.MessageType)
            {
                snapshot.Add(scope, message);
            }

            foreach (var e in file.EnumType)
            {
                snapshot.Add(scope, e);
            }

            foreach (var service in file.Service)
            {
                snapshot.Services[Trim($"{scope}.{service.Name}")] = new(
                    service.Method.ToDictionary(
                        m => m.Name,
                        m => $"{(m.ClientStreaming ? "stream " : "")}{Trim(m.InputType)} -> {(m.ServerStreaming ? "stream " : "")}{Trim(m.OutputType)}"),
                    StringComparer.Ordinal);
            }
        }

        return snapshot;
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json) + "\n";

    public static ProtoSnapshot FromJson(string json) => JsonSerializer.Deserialize<ProtoSnapshot>(json, Json)
        ?? throw new InvalidDataException("The proto snapshot is empty.");

    private void Add(string scope, DescriptorProto message)
    {
        var name = $"{scope}.{message.Name}";
        if (message.Options?.MapEntry == true)
        {
            return;
        }

        Messages[Trim(name)] = new(message.Field.ToDictionary(f => f.Number, f => $"{f.Name} {TypeOf(f)}"));
        foreach (var nested in message.NestedType)
        {
            Add(name, nested);
        }

        foreach (var e in message.EnumType)
        {
            Add(name, e);
        }
    }

    private void Add(string scope, EnumDescriptorProto e) =>
        Enums[Trim($"{scope}.{e.Name}")] = new(e.Value.ToDictionary(v => v.Number, v => v.Name));

    private static string TypeOf(FieldDescriptorProto f)
    {
        var type = f.Type is FieldDescriptorProto.Types.Type.Message or FieldDescriptorProto.Types.Type.Enum
            ? Trim(f.TypeName)
            : f.Type.ToString().ToLowerInvariant();
        return f.Label == FieldDescriptorProto.Types.Label.Repeated ? "repeated " + type : type;
    }

    private static string Trim(string name) => name.TrimStart('.');
}
