namespace Coordi.Core.Application;

/// <summary>Builds ILIKE patterns from user text, so '%' and '_' typed by a user match themselves.</summary>
internal static class Like
{
    public const string Escape = "\\";

    public static string Contains(string text) =>
        "%" + text.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
