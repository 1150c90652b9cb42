using System.Net;
using System.Text.RegularExpressions;

namespace Coordi.Portal.LoadTest;

/// <summary>
/// An owner's browser session: one cookie jar, requests over keep-alive HTTP/1.1 connections. Redirects are not
/// followed, so a page that sends the owner elsewhere (to sign in, to an error) counts as a failed request.
/// </summary>
public sealed partial class PortalSession : IDisposable
{
    private readonly HttpClient _http;

    public PortalSession(Uri portal)
    {
        _http = new HttpClient(new SocketsHttpHandler
        {
            CookieContainer = new CookieContainer(),
            UseCookies = true,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            MaxConnectionsPerServer = 256,
        })
        {
            BaseAddress = portal,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public HttpClient Http => _http;

    /// <summary>Signs an owner and organization up through the portal's form; the session is then signed in.</summary>
    public async Task SignUpAsync(string organizationName, string email, string password)
    {
        var form = await _http.GetStringAsync("/Account/SignUp");
        var fields = HiddenFields(form);
        fields["Input.Name"] = "Pat Owner";
        fields["Input.Email"] = email;
        fields["Input.Password"] = password;
        fields["Input.OrganizationName"] = organizationName;
        fields["Input.TimeZone"] = "America/Chicago";
        using var response = await _http.PostAsync("/Account/SignUp", new FormUrlEncodedContent(fields));
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString.Contains("Onboarding", StringComparison.Ordinal) != true)
        {
            throw new InvalidOperationException($"Sign-up answered {(int)response.StatusCode} {response.Headers.Location}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Fetches a page and fails unless it answered 200; returns its HTML.</summary>
    public async Task<string> PageAsync(string url)
    {
        using var response = await _http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.OK
            ? body
            : throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode} {response.Headers.Location}");
    }

    /// <summary>The "next page" link of a list page, or null on its last page.</summary>
    public static string? NextPageLink(string html) =>
        NextLink().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    public void Dispose() => _http.Dispose();

    private static Dictionary<string, string> HiddenFields(string html)
    {
        var fields = new Dictionary<string, string>();
        foreach (Match input in InputTag().Matches(html))
        {
            var tag = input.Value;
            if (!tag.Contains("type=\"hidden\"", StringComparison.Ordinal))
            {
                continue;
            }

            var name = Attribute("name").Match(tag);
            var value = Attribute("value").Match(tag);
            if (name.Success)
            {
                fields[WebUtility.HtmlDecode(name.Groups[1].Value)] = value.Success ? WebUtility.HtmlDecode(value.Groups[1].Value) : "";
            }
        }

        return fields;
    }

    private static Regex Attribute(string name) => new($"\\s{name}=\"([^\"]*)\"", RegexOptions.CultureInvariant);

    [GeneratedRegex("<input\\b[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex InputTag();

    [GeneratedRegex("<a href=\"([^\"]*)\" rel=\"next\">", RegexOptions.CultureInvariant)]
    private static partial Regex NextLink();
}
