using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Coordi.Portal.Pages;

/// <summary>Renders error statuses re-executed by the status code pages, whatever the method of the failed request.</summary>
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel : PageModel
{
    public int Status { get; private set; }

    public void OnGet(int? code) => Status = code ?? (HttpContext.Response.StatusCode >= 400 ? HttpContext.Response.StatusCode : 500);

    public void OnPost(int? code) => OnGet(code);

    public (string Title, string Message) Text => Status switch
    {
        400 => ("Request not accepted", "The form could not be accepted. Reload the page and try again."),
        403 => ("Not available to you", "Your role does not include this page. Ask an owner of your organization if you need it."),
        404 => ("Not found", "There is nothing here, or it belongs to another organization."),
        503 => ("Temporarily unavailable", "Coordi could not reach its service just now. Please try again in a moment."),
        _ => ("Something went wrong", "An unexpected error occurred. Please try again."),
    };
}
