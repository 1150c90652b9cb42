namespace Coordi.Core.UnitTests.Contracts;

/// <summary>
/// Breaking changes between a published snapshot and the current contract. Additions (new messages, fields,
/// enum values, services, methods) are compatible; anything published that disappears or changes number, name
/// or type is not, because deployed clients would misread it.
/// </summary>
public static class ProtoCompatibility
{
    public static IReadOnlyList<string> BreakingChanges(ProtoSnapshot published, ProtoSnapshot current)
    {
        var problems = new List<string>();
        Compare("message", published.Messages, current.Messages, (type, number) => $"field {number}", problems);
        Compare("enum", published.Enums, current.Enums, (type, number) => $"value {number}", problems);
        foreach (var (service, methods) in published.Services)
        {
            if (!current.Services.TryGetValue(service, out var now))
            {
                problems.Add($"service {service} was removed");
                continue;
            }

            foreach (var (method, signature) in methods)
            {
                if (!now.TryGetValue(method, out var nowSignature))
                {
                    problems.Add($"rpc {service}.{method} was removed");
                }
                else if (nowSignature != signature)
                {
                    problems.Add($"rpc {service}.{method} changed from '{signature}' to '{nowSignature}'");
                }
            }
        }

        return problems;
    }

    private static void Compare(
        string kind,
        SortedDictionary<string, SortedDictionary<int, string>> published,
        SortedDictionary<string, SortedDictionary<int, string>> current,
        Func<string, int, string> describe,
        List<string> problems)
    {
        foreach (var (type, members) in published)
        {
            if (!current.TryGetValue(type, out var now))
            {
                problems.Add($"{kind} {type} was removed");
                continue;
            }

            foreach (var (number, shape) in members)
            {
                if (!now.TryGetValue(number, out var nowShape))
                {
                    problems.Add($"{kind} {type}: {describe(type, number)} '{shape}' was removed (reserve its number instead of reusing it)");
                }
                else if (nowShape != shape)
                {
                    problems.Add($"{kind} {type}: {describe(type, number)} changed from '{shape}' to '{nowShape}'");
                }
            }
        }
    }
}
