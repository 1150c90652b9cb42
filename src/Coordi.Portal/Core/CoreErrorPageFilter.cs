using Grpc.Core;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Coordi.Portal.Core;

/// <summary>
/// Errors a page did not handle itself: an id the core does not know for this organization (including another
/// organization's) is a 404, an unreachable core a 503. The status code pages then render the error page.
/// A write refused because the organization is read-only (unpaid or canceled) goes back to the page with a
/// notice instead, since nothing is wrong with the request itself.
/// </summary>
public sealed class CoreErrorPageFilter(ILogger<CoreErrorPageFilter> logger) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is RpcException restricted && !executed.ExceptionHandled && restricted.IsOrganizationRestricted()
            && !HttpMethods.IsGet(context.HttpContext.Request.Method))
        {
            // A write refused for a read-only organization is not an error page: back to the page, saying why.
            ReadOnlyNotice.Set(context.HttpContext, CoreErrors.ReadOnlyMessage);
            executed.Result = new RedirectResult(ReadOnlyNotice.BackTo(context.HttpContext.Request));
            executed.ExceptionHandled = true;
            return;
        }

        if (executed.Exception is RpcException ex && !executed.ExceptionHandled)
        {
            int? status = ex.StatusCode switch
            {
                StatusCode.NotFound => StatusCodes.Status404NotFound,
                StatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
                StatusCode.Unavailable or StatusCode.DeadlineExceeded => StatusCodes.Status503ServiceUnavailable,
                _ => null,
            };
            if (status is { } code)
            {
                if (code == StatusCodes.Status503ServiceUnavailable)
                {
                    logger.LogWarning(ex, "The core was unreachable for {Page}", context.ActionDescriptor.DisplayName);
                }

                executed.Result = new StatusCodeResult(code);
                executed.ExceptionHandled = true;
            }
        }
    }
}
