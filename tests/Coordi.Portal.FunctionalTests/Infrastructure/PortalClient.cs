using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Coordi.Portal.FunctionalTests.Infrastructure;

/// <summary>
/// Drives the portal as a browser would: keeps cookies, follows redirects, and submits forms with the fields
/// the page rendered (hidden antiforgery token included), changing only what the test types in.
/// </summary>
public sealed class PortalClient(HttpClient http) : IDisposable
{
    private static readonly HtmlParser Parser = new();

    public HttpClient Http { get; } = http;

    public async Task<PortalPage> GetAsync(string url)
    {
        var response = await Http.GetAsync(url);
        return await PortalPage.ReadAsync(response);
    }

    /// <summary>Fetches a page and fails unless it answered 200.</summary>
    public async Task<PortalPage> OpenAsync(string url)
    {
        var page = await GetAsync(url);
        Assert.True(page.Status == HttpStatusCode.OK, $"GET {url} answered {(int)page.Status}: {page.Text(page.Document.QuerySelector("main"))}");
        return page;
    }

    /// <summary>
    /// Submits the form found by <paramref name="formSelector"/> on <paramref name="page"/>. <paramref name="values"/>
    /// replace the rendered values of those field names; <paramref name="submitter"/> picks a button (its formaction wins).
    /// </summary>
    public Task<PortalPage> SubmitAsync(PortalPage page, string formSelector, IReadOnlyDictionary<string, string>? values = null, string? submitter = null) =>
        SubmitAsync(page, page.Document.QuerySelector<IHtmlFormElement>(formSelector) ?? throw new InvalidOperationException($"No form '{formSelector}' on {page.Url}."), values, submitter);

    public async Task<PortalPage> SubmitAsync(PortalPage page, IHtmlFormElement form, IReadOnlyDictionary<string, string>? values = null, string? submitter = null)
    {
        var fields = FormFields(form);
        foreach (var (name, value) in values ?? new Dictionary<string, string>())
        {
            fields.RemoveAll(f => f.Key == name);
            fields.Add(new KeyValuePair<string, string>(name, value));
        }

        var button = submitter is null ? null : form.QuerySelector(submitter) ?? throw new InvalidOperationException($"No button '{submitter}' in the form.");
        var action = button?.GetAttribute("formaction") ?? form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? page.Url : new Uri(page.Url, action);
        var response = await Http.PostAsync(target, new FormUrlEncodedContent(fields));
        return await PortalPage.ReadAsync(response);
    }

    /// <summary>Posts exactly the given fields, without reading a form first (e.g. to leave out the antiforgery token).</summary>
    public async Task<PortalPage> PostRawAsync(string url, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var response = await Http.PostAsync(url, new FormUrlEncodedContent(fields));
        return await PortalPage.ReadAsync(response);
    }

    public void Dispose() => Http.Dispose();

    private static List<KeyValuePair<string, string>> FormFields(IHtmlFormElement form)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name) || element.HasAttribute("disabled"))
            {
                continue;
            }

            switch (element)
            {
                case IHtmlInputElement input when input.Type is "submit" or "button" or "image" or "file" or "reset":
                    break;
                case IHtmlInputElement input when input.Type is "checkbox" or "radio":
                    if (input.HasAttribute("checked"))
                    {
                        fields.Add(new(name, input.GetAttribute("value") ?? "on"));
                    }

                    break;
                case IHtmlInputElement input:
                    fields.Add(new(name, input.GetAttribute("value") ?? ""));
                    break;
                case IHtmlSelectElement select:
                    var option = select.Options.FirstOrDefault(o => o.HasAttribute("selected")) ?? select.Options.FirstOrDefault();
                    if (option is not null)
                    {
                        fields.Add(new(name, option.GetAttribute("value") ?? option.TextContent));
                    }

                    break;
                case IHtmlTextAreaElement textArea:
                    fields.Add(new(name, textArea.TextContent.TrimStart('\n')));
                    break;
            }
        }

        return fields;
    }

    internal static IHtmlDocument Parse(string html) => Parser.ParseDocument(html);
}

/// <summary>A response as the test sees it: status, final URL after redirects, parsed HTML and headers.</summary>
public sealed record PortalPage(HttpStatusCode Status, Uri Url, IHtmlDocument Document, string Body, HttpResponseMessage Response)
{
    public static async Task<PortalPage> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        return new PortalPage(response.StatusCode, response.RequestMessage!.RequestUri!, PortalClient.Parse(body), body, response);
    }

    public string Heading => Text(Document.QuerySelector("h1"));

    /// <summary>Messages next to fields and in the error summary.</summary>
    public IReadOnlyList<string> Errors =>
        Document.QuerySelectorAll(".field-error, .validation-summary-errors li, .alert-error").Select(e => Text(e)).Where(t => t.Length > 0).ToList();

    public string? FieldError(string fieldName) =>
        Document.QuerySelector($"[data-valmsg-for='{fieldName}']") is { } e && Text(e) is { Length: > 0 } t ? t : null;

    public string? Value(string selector) => Document.QuerySelector(selector)?.GetAttribute("value");

    public string Text(string selector) => Text(Document.QuerySelector(selector));

    public string Text(AngleSharp.Dom.IElement? element) =>
        element is null ? "" : string.Join(' ', element.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
