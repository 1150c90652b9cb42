using Google.Rpc;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Coordi.Portal.Core;

/// <summary>Turns the core's errors into messages on the page that sent the request.</summary>
public static class CoreErrors
{
    /// <summary>The core's ErrorInfo reason on writes refused because the organization is restricted or canceled.</summary>
    public const string OrganizationRestrictedReason = "ORGANIZATION_RESTRICTED";

    public const string ReadOnlyMessage =
        "Your organization is read-only because its subscription is unpaid or canceled: you can still see everything, but changes are not saved. An owner can restore full service on the Billing page.";

    /// <summary>A write the core refused because the organization is read-only (restricted or canceled).</summary>
    public static bool IsOrganizationRestricted(this RpcException ex) =>
        ex.StatusCode == StatusCode.FailedPrecondition && ex.Reason() == OrganizationRestrictedReason;

    /// <summary>The ErrorInfo reason the core attached, if any.</summary>
    public static string? Reason(this RpcException ex) => ex.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason;

    /// <summary>Field violations of an InvalidArgument, by the core's snake_case field path.</summary>
    public static IReadOnlyList<(string Field, string Description)> Violations(this RpcException ex) =>
        ex.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.Select(v => (v.Field, v.Description)).ToList() ?? [];

    /// <summary>
    /// Adds each violation to the model state under the form field it belongs to. <paramref name="fields"/> maps
    /// a core field path prefix (e.g. "profile.greeting") to the form key (e.g. "Input.Greeting"); a violation
    /// without a mapping goes to the page's summary, so none is lost.
    /// </summary>
    public static void AddCoreErrors(this ModelStateDictionary modelState, RpcException ex, IReadOnlyDictionary<string, string>? fields = null)
    {
        var violations = ex.Violations();
        if (violations.Count == 0)
        {
            modelState.AddModelError("", Describe(ex));
            return;
        }

        foreach (var (field, description) in violations)
        {
            var key = fields?.Where(f => field == f.Key || field.StartsWith(f.Key + ".", StringComparison.Ordinal) || field.StartsWith(f.Key + "[", StringComparison.Ordinal))
                .OrderByDescending(f => f.Key.Length).Select(f => f.Value).FirstOrDefault();
            modelState.AddModelError(key ?? "", key is null ? $"{field}: {description}" : description);
        }
    }

    /// <summary>A sentence for the person at the screen.</summary>
    public static string Describe(RpcException ex) => ex.IsOrganizationRestricted() ? ReadOnlyMessage : ex.StatusCode switch
    {
        StatusCode.Unavailable or StatusCode.DeadlineExceeded => "Coordi could not reach its service just now. Please try again in a moment.",
        StatusCode.AlreadyExists or StatusCode.InvalidArgument or StatusCode.FailedPrecondition => ex.Status.Detail,
        StatusCode.NotFound => "That record was not found.",
        StatusCode.PermissionDenied => "You are not allowed to do that.",
        _ => "Something went wrong. Please try again.",
    };
}
