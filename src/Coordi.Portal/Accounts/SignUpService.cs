using System.Security.Claims;
using Coordi.Contracts.V1;
using Coordi.Portal.Core;
using Coordi.Portal.Infrastructure;
using Coordi.Portal.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Coordi.Portal.Accounts;

/// <summary>
/// Sign-up spans two systems: the organization lives in the core, the owner's account here. The organization is
/// created first with a client-chosen request id (the core answers a retry with the same organization); the
/// account is then created in one transaction with its claims. If anything fails, no account remains here, and
/// the next attempt with the same request id picks up the organization the first one created.
/// </summary>
public sealed class SignUpService(
    CoreChannel core,
    UserManager<PortalUser> users,
    PortalDbContext db,
    TimeProvider clock,
    ILogger<SignUpService> logger)
{
    public async Task<SignUpResult> SignUpAsync(SignUpRequest request, CancellationToken cancellationToken)
    {
        if (await users.FindByEmailAsync(request.Email) is not null)
        {
            return SignUpResult.Failed(("Input.Email", "An account with this email already exists. Sign in, or reset your password."));
        }

        var candidate = NewUser(request);
        var passwordErrors = await CheckPasswordAsync(candidate, request.Password);
        if (passwordErrors.Count > 0)
        {
            return SignUpResult.Failed([.. passwordErrors.Select(e => ("Input.Password", e))]);
        }

        Organization organization;
        try
        {
            organization = await new OrganizationService.OrganizationServiceClient(core.Platform()).CreateOrganizationAsync(new CreateOrganizationRequest
            {
                Name = request.OrganizationName,
                OwnerEmail = request.Email,
                TimeZone = request.TimeZone,
                RequestId = request.RequestId,
            }, cancellationToken: cancellationToken);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.InvalidArgument)
        {
            return SignUpResult.Failed([.. ex.Violations().Select(v => (FormField(v.Field), v.Description))]);
        }
        catch (RpcException ex)
        {
            logger.LogWarning(ex, "Sign-up could not create the organization in the core");
            return SignUpResult.Failed(("", "We could not create your organization right now. Nothing was saved; please try again in a moment."));
        }

        // A replayed request id must belong to this same sign-up, never to somebody else's organization.
        if (!string.Equals(organization.OwnerEmail, request.Email, StringComparison.OrdinalIgnoreCase) || await HasMembersAsync(organization.Id, cancellationToken))
        {
            return SignUpResult.Failed(("", "This sign-up form has already been used. Please start again.")) with { RequestIdSpent = true };
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var created = await users.CreateAsync(candidate, request.Password);
        if (created.Succeeded)
        {
            created = await users.AddClaimsAsync(candidate,
            [
                new Claim(PortalClaims.Organization, organization.Id),
                new Claim(ClaimTypes.Role, PortalRoles.Owner),
            ]);
        }

        if (!created.Succeeded)
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return SignUpResult.Failed([.. created.Errors.Select(e => ("", e.Description))]);
        }

        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Organization {OrganizationId} signed up", organization.Id);
        return new SignUpResult(candidate, organization, [], false);
    }

    private PortalUser NewUser(SignUpRequest request) => new()
    {
        UserName = request.Email,
        Email = request.Email,
        DisplayName = request.Name,
        CreatedAt = clock.GetUtcNow().UtcDateTime,
    };

    private async Task<List<string>> CheckPasswordAsync(PortalUser user, string password)
    {
        var errors = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            errors.AddRange(result.Errors.Select(e => e.Description));
        }

        return errors;
    }

    private Task<bool> HasMembersAsync(string organizationId, CancellationToken cancellationToken) =>
        db.UserClaims.AnyAsync(c => c.ClaimType == PortalClaims.Organization && c.ClaimValue == organizationId, cancellationToken);

    private static string FormField(string coreField) => coreField switch
    {
        "name" => "Input.OrganizationName",
        "owner_email" => "Input.Email",
        "time_zone" => "Input.TimeZone",
        _ => "",
    };
}

public sealed record SignUpRequest(string Name, string Email, string Password, string OrganizationName, string TimeZone, string RequestId);

public sealed record SignUpResult(PortalUser? User, Organization? Organization, IReadOnlyList<(string Field, string Message)> Errors, bool RequestIdSpent)
{
    public bool Succeeded => User is not null;

    public static SignUpResult Failed(params (string Field, string Message)[] errors) => new(null, null, errors, false);
}
