using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Coordi.Portal.FunctionalTests.Infrastructure;

/// <summary>Reads the .eml files the portal writes to its pickup folder when no SMTP server is configured.</summary>
public sealed partial class MailPickup(string directory)
{
    public string Directory { get; } = directory;

    /// <summary>Every message sent to <paramref name="recipient"/>, decoded, oldest first.</summary>
    public IReadOnlyList<string> MessagesTo(string recipient)
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        return System.IO.Directory.GetFiles(Directory, "*.eml")
            .Select(f => (File: f, Text: Decode(File.ReadAllText(f))))
            .Where(m => ToLine().Match(m.Text) is { Success: true } to && to.Value.Contains(recipient, StringComparison.OrdinalIgnoreCase))
            .OrderBy(m => File.GetLastWriteTimeUtc(m.File))
            .Select(m => m.Text)
            .ToList();
    }

    /// <summary>The last link to <paramref name="path"/> mailed to <paramref name="recipient"/>, as a path and query.</summary>
    public string LinkTo(string recipient, string path)
    {
        var links = MessagesTo(recipient)
            .SelectMany(m => LinkPattern().Matches(m).Select(x => x.Value))
            .Where(l => new Uri(l).AbsolutePath.Equals(path, StringComparison.OrdinalIgnoreCase))
            .ToList();
        Assert.NotEmpty(links);
        return new Uri(links[^1]).PathAndQuery;
    }

    public void Delete()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    /// <summary>Undoes quoted-printable and base64 body parts so links can be read as text.</summary>
    private static string Decode(string raw)
    {
        // Only a quoted-printable body may be unescaped: in a 7-bit body "=C4" is literal text (e.g. inside a token).
        var text = raw;
        if (raw.Contains("Content-Transfer-Encoding: quoted-printable", StringComparison.OrdinalIgnoreCase))
        {
            text = raw.Replace("=\r\n", "").Replace("=\n", "");
            text = QuotedByte().Replace(text, m => ((char)Convert.ToByte(m.Groups[1].Value, 16)).ToString());
        }

        var sb = new StringBuilder(text);
        foreach (Match part in Base64Part().Matches(raw))
        {
            try
            {
                sb.Append('\n').Append(Encoding.UTF8.GetString(Convert.FromBase64String(part.Groups[1].Value.Replace("\r", "").Replace("\n", ""))));
            }
            catch (FormatException)
            {
                // Not every base64-looking block is a body.
            }
        }

        return WebUtility.HtmlDecode(sb.ToString());
    }

    [GeneratedRegex(@"^To:.*$", RegexOptions.Multiline)]
    private static partial Regex ToLine();

    [GeneratedRegex(@"https?://[^\s""<>]+")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"=([0-9A-F]{2})")]
    private static partial Regex QuotedByte();

    [GeneratedRegex(@"Content-Transfer-Encoding: base64\r?\n(?:[^\r\n]+\r?\n)*?\r?\n([A-Za-z0-9+/=\r\n]+)")]
    private static partial Regex Base64Part();
}
