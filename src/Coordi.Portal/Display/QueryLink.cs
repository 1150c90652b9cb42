namespace Coordi.Portal.Display;

/// <summary>Builds a link to a list with its filters, leaving out the empty ones.</summary>
public static class QueryLink
{
    public static string Build(string path, params (string Name, string? Value)[] query)
    {
        var parts = query.Where(q => !string.IsNullOrEmpty(q.Value)).Select(q => $"{q.Name}={Uri.EscapeDataString(q.Value!)}").ToList();
        return parts.Count == 0 ? path : path + "?" + string.Join('&', parts);
    }
}
