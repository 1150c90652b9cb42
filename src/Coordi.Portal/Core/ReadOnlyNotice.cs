using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.WebUtilities;

namespace Coordi.Portal.Core;

/// <summary>
/// The message shown after a write was refused because the organization is read-only. It travels in TempData
/// across the redirect back to the page and is shown once, by the layout.
/// </summary>
public static class ReadOnlyNotice
{
    private const string Key = "ReadOnlyNotice";

    public static void Set(HttpContext context, string message) => TempData(context)[Key] = message;

    public static string? Take(HttpContext context) => TempData(context)[Key] as string;

    /// <summary>The same page as a GET: the path and query without the page handler that failed.</summary>
    public static string BackTo(HttpRequest request)
    {
        var query = QueryHelpers.ParseQuery(request.QueryString.Value)
            .Where(p => !p.Key.Equals("handler", StringComparison.OrdinalIgnoreCase))
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)));
        var path = request.PathBase.Add(request.Path).Value ?? "/";
        return QueryHelpers.AddQueryString(path.Length == 0 ? "/" : path, query);
    }

    private static ITempDataDictionary TempData(HttpContext context) =>
        context.RequestServices.GetRequiredService<ITempDataDictionaryFactory>().GetTempData(context);
}
