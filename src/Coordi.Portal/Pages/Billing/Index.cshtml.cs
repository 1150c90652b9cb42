using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Coordi.Contracts.V1;
using Coordi.Portal.Core;
using Coordi.Portal.Display;
using Grpc.Core;
using GrpcStatus = Grpc.Core.StatusCode;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Coordi.Portal.Pages.Billing;

/// <summary>
/// Plan, usage, invoices and spend cap (owners only). Payment details never pass through Coordi: checkout and
/// card changes happen on Stripe's own pages, which this page redirects to. It works for a read-only
/// organization too, because paying is how an owner restores service.
/// </summary>
public sealed class IndexModel(OrganizationCore core, IOptions<PortalOptions> options, NodaTime.IClock clock, ILogger<IndexModel> logger) : PageModel
{
    public const string AlreadySubscribedReason = "ALREADY_SUBSCRIBED";
    public const string NoCustomerReason = "NO_CUSTOMER";
    public const string StripeUnavailable = "Stripe could not be reached just now. Please try again in a moment.";

    public BillingOverview Overview { get; private set; } = new();

    public IReadOnlyList<Invoice> Invoices { get; private set; } = [];

    /// <summary>Why invoices are not listed, when Stripe could not be asked.</summary>
    public string? InvoicesUnavailable { get; private set; }

    public OrganizationTime Time { get; private set; } = null!;

    [BindProperty]
    public SpendCapInput Input { get; set; } = new();

    /// <summary>"success" or "canceled" when Stripe Checkout sends the owner back here.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Checkout { get; set; }

    public string? StatusMessage { get; private set; }

    /// <summary>Plans can be chosen through Checkout only while there is no live subscription.</summary>
    public bool CanChoosePlan => Overview.Status is BillingStatus.Trialing or BillingStatus.Canceled or BillingStatus.Unspecified || Overview.Plan is null;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Input = new SpendCapInput { Amount = MoneyText.Plain(Overview.SpendCap) };
        StatusMessage = TempData["StatusMessage"] as string ?? Checkout switch
        {
            "success" => "Thank you! Your subscription starts as soon as Stripe confirms the payment, usually within a minute.",
            "canceled" => "Checkout was canceled; nothing was charged.",
            _ => null,
        };
    }

    public async Task<IActionResult> OnPostCheckoutAsync(string planId, CancellationToken cancellationToken)
    {
        try
        {
            var session = await core.Billing.CreateCheckoutSessionAsync(new CreateCheckoutSessionRequest
            {
                PlanId = planId ?? "",
                SuccessUrl = OwnUrl("/Billing?checkout=success"),
                CancelUrl = OwnUrl("/Billing?checkout=canceled"),
            }, cancellationToken: cancellationToken);
            if (StripeTarget(session.Url) is { } target)
            {
                return Redirect(target);
            }
        }
        catch (RpcException ex) when (ex.StatusCode == GrpcStatus.FailedPrecondition && ex.Reason() == AlreadySubscribedReason)
        {
            ModelState.AddModelError("", "You already have a subscription. Switch plans or update your card with \"Manage payment method or cancel\".");
        }
        catch (RpcException ex) when (ex.StatusCode == GrpcStatus.InvalidArgument)
        {
            ModelState.AddModelError("", ex.Violations().Any(v => v.Field == "plan_id") ? "Choose one of the plans listed below." : CoreErrors.Describe(ex));
        }
        catch (RpcException ex) when (ex.StatusCode is GrpcStatus.Unavailable or GrpcStatus.DeadlineExceeded)
        {
            logger.LogWarning("Checkout could not be started: {Status}", ex.StatusCode);
            ModelState.AddModelError("", StripeUnavailable);
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostPortalAsync(CancellationToken cancellationToken)
    {
        try
        {
            var session = await core.Billing.CreateCustomerPortalSessionAsync(
                new CreateCustomerPortalSessionRequest { ReturnUrl = OwnUrl("/Billing") }, cancellationToken: cancellationToken);
            if (StripeTarget(session.Url) is { } target)
            {
                return Redirect(target);
            }
        }
        catch (RpcException ex) when (ex.StatusCode == GrpcStatus.FailedPrecondition && ex.Reason() == NoCustomerReason)
        {
            ModelState.AddModelError("", "There is no payment method to manage yet: choose a plan first.");
        }
        catch (RpcException ex) when (ex.StatusCode is GrpcStatus.Unavailable or GrpcStatus.DeadlineExceeded)
        {
            logger.LogWarning("The customer portal could not be opened: {Status}", ex.StatusCode);
            ModelState.AddModelError("", StripeUnavailable);
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostSpendCapAsync(CancellationToken cancellationToken)
    {
        var minorUnits = SpendCapInput.ToMinorUnits(Input.Amount, out var problem);
        if (problem is not null)
        {
            ModelState.AddModelError("Input.Amount", problem);
        }

        if (!ModelState.IsValid || minorUnits is null)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }

        try
        {
            var overview = await core.Billing.SetSpendCapAsync(new SetSpendCapRequest { SpendCapMinorUnits = minorUnits.Value }, cancellationToken: cancellationToken);
            TempData["StatusMessage"] = $"Spend cap set to {MoneyText.Format(overview.SpendCap)} a month.";
            return RedirectToPage();
        }
        catch (RpcException ex) when (ex.StatusCode == GrpcStatus.InvalidArgument)
        {
            ModelState.AddCoreErrors(ex, new Dictionary<string, string> { ["spend_cap_minor_units"] = "Input.Amount" });
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveSpendCapAsync(CancellationToken cancellationToken)
    {
        await core.Billing.SetSpendCapAsync(new SetSpendCapRequest(), cancellationToken: cancellationToken);
        TempData["StatusMessage"] = "Spend cap removed.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var organization = core.OrganizationAsync(cancellationToken);
        Overview = await core.Billing.GetBillingOverviewAsync(new GetBillingOverviewRequest(), cancellationToken: cancellationToken);
        Time = new OrganizationTime((await organization).TimeZone, clock);
        if (!Overview.HasCustomer)
        {
            return;
        }

        try
        {
            Invoices = (await core.Billing.ListInvoicesAsync(new ListInvoicesRequest { PageSize = 24 }, cancellationToken: cancellationToken)).Invoices;
        }
        catch (RpcException ex) when (ex.StatusCode is GrpcStatus.Unavailable or GrpcStatus.DeadlineExceeded)
        {
            // The rest of the page comes from Coordi's own records and stays useful without Stripe.
            InvoicesUnavailable = "Invoices could not be loaded from Stripe just now. Please try again in a moment.";
        }
    }

    /// <summary>Return addresses come from configuration, never from the request's Host header.</summary>
    private string OwnUrl(string pathAndQuery) => options.Value.PublicBaseUrl.TrimEnd('/') + pathAndQuery;

    /// <summary>The Stripe page to send the browser to, or null (with a message) when the core returned no usable URL.</summary>
    private string? StripeTarget(string url)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var target) && (target.Scheme == Uri.UriSchemeHttps || target.Scheme == Uri.UriSchemeHttp))
        {
            return target.AbsoluteUri;
        }

        logger.LogError("The core returned a Stripe URL that is not an absolute http(s) URL");
        ModelState.AddModelError("", "Stripe did not return a page to continue on. Please try again.");
        return null;
    }

    public sealed class SpendCapInput
    {
        /// <summary>The highest cap accepted, in whole currency units.</summary>
        public const decimal Max = 1_000_000m;

        [Display(Name = "Monthly spend cap")]
        public string? Amount { get; set; }

        /// <summary>Parses "150", "150.50", "$1,500"; returns null and a message people can act on otherwise.</summary>
        public static long? ToMinorUnits(string? input, out string? problem)
        {
            problem = null;
            var text = (input ?? "").Trim().TrimStart('$').Trim();
            if (text.Length == 0)
            {
                problem = "Enter a monthly amount, e.g. 200. To have no cap, use \"Remove cap\".";
                return null;
            }

            if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var amount))
            {
                problem = "Enter the cap as an amount, e.g. 200 or 200.50.";
                return null;
            }

            if (amount <= 0)
            {
                problem = "The cap must be more than zero.";
                return null;
            }

            if (decimal.Round(amount, 2) != amount)
            {
                problem = "Use at most two decimal places.";
                return null;
            }

            if (amount > Max)
            {
                problem = $"The cap can be at most {Max.ToString("N0", CultureInfo.InvariantCulture)}.";
                return null;
            }

            return (long)(amount * 100);
        }
    }
}
