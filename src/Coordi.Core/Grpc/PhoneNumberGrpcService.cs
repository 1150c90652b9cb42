using Coordi.Contracts.V1;
using Coordi.Core.Application;
using Coordi.Core.Application.Errors;
using Coordi.Core.Billing;
using Coordi.Core.Grpc.Mapping;
using Coordi.Core.Infrastructure;
using Coordi.Core.Security;
using Coordi.Core.Telephony;
using Coordi.MultiTenancy;
using Coordi.MultiTenancy.EntityFrameworkCore;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Coordi.Core.Grpc;

public sealed class PhoneNumberGrpcService(
    CoreDbContext db,
    ITenantContextAccessor tenants,
    ITenantStore tenantStore,
    AgentConfigProvider agentConfigs,
    TwilioPhoneNumbers twilio,
    PhoneNumberCap numberCap,
    TimeProvider clock,
    ILogger<PhoneNumberGrpcService> logger) : PhoneNumberService.PhoneNumberServiceBase
{
    private const int DefaultSearchSize = 20;

    [Access(AccessLevel.ServiceTenant)]
    public override Task<PhoneNumber> AssignPhoneNumber(AssignPhoneNumberRequest request, ServerCallContext context) =>
        AssignAsync(request.E164, request.Label, request.TwilioSid, context.CancellationToken);

    [Access(AccessLevel.ServiceTenant)]
    public override async Task<SearchAvailablePhoneNumbersResponse> SearchAvailablePhoneNumbers(SearchAvailablePhoneNumbersRequest request, ServerCallContext context)
    {
        var found = await twilio.SearchAsync(request.Country.ToUpperInvariant(), request.AreaCode, request.Contains,
            request.PageSize == 0 ? DefaultSearchSize : request.PageSize, context.CancellationToken);
        var response = new SearchAvailablePhoneNumbersResponse();
        response.PhoneNumbers.AddRange(found);
        return response;
    }

    [Access(AccessLevel.ServiceTenant)]
    public override async Task<PhoneNumber> PurchasePhoneNumber(PurchasePhoneNumberRequest request, ServerCallContext context)
    {
        // Checked before buying, so a number that could never be assigned does not cost the organization money.
        await numberCap.EnsureRoomForOneMoreAsync(context.CancellationToken);
        if (await HeldByAnyOrganizationAsync(request.E164, context.CancellationToken))
        {
            throw Taken(request.E164);
        }

        var bought = await twilio.PurchaseAsync(request.E164, context.CancellationToken);
        try
        {
            return await AssignAsync(bought.E164, request.Label, bought.Sid, context.CancellationToken);
        }
        catch (Exception ex) when (ex is ConflictException or FailedPreconditionException)
        {
            // Bought in the tenant's Twilio account but lost a race for it here: someone has to release or reassign it.
            logger.LogWarning("Twilio number {Sid} was bought but could not be assigned: {Reason}", bought.Sid, ex.Message);
            throw;
        }
    }

    [Access(AccessLevel.ServiceTenant)]
    public override async Task<PhoneNumber> ConnectOwnedPhoneNumber(ConnectOwnedPhoneNumberRequest request, ServerCallContext context)
    {
        // A number entered earlier "for later" is the same number: connecting it fills in its Twilio sid.
        var existing = await db.PhoneNumbers.SingleOrDefaultAsync(p => p.E164 == request.E164, context.CancellationToken);
        if (existing is null && await HeldByAnyOrganizationAsync(request.E164, context.CancellationToken))
        {
            throw Taken(request.E164);
        }

        var owned = await twilio.ConnectOwnedAsync(request.E164, context.CancellationToken);
        if (existing is null)
        {
            return await AssignAsync(owned.E164, request.Label, owned.Sid, context.CancellationToken);
        }

        existing.TwilioSid = owned.Sid;
        if (request.Label.Trim().Length > 0)
        {
            existing.Label = request.Label.Trim();
        }

        await db.SaveChangesAsync(context.CancellationToken);
        agentConfigs.Invalidate(existing.TenantId);
        return existing.ToProto();
    }

    private async Task<PhoneNumber> AssignAsync(string e164, string label, string? twilioSid, CancellationToken cancellationToken)
    {
        // Count and insert under one per-tenant lock, so two assignments at once cannot both take the last place.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var lockKey = $"phone-numbers:{tenants.RequiredTenant.Identifier}";
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({lockKey}, 0))", cancellationToken);
        await numberCap.EnsureRoomForOneMoreAsync(cancellationToken);
        var number = new Model.PhoneNumber
        {
            Id = Guid.CreateVersion7(),
            E164 = e164,
            Label = label.Trim(),
            TwilioSid = string.IsNullOrEmpty(twilioSid) ? null : twilioSid,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.PhoneNumbers.Add(number);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw Taken(e164);
        }

        agentConfigs.Invalidate(number.TenantId);
        return number.ToProto();
    }

    // A dialled number must lead to one business, so this check looks across organizations.
    private Task<bool> HeldByAnyOrganizationAsync(string e164, CancellationToken cancellationToken) =>
        db.PhoneNumbers.IgnoreQueryFilters([TenantDbContext.TenantFilterName]).AnyAsync(p => p.E164 == e164, cancellationToken);

    // Whether the holder is this organization or another is not revealed beyond "taken".
    private static ConflictException Taken(string e164) => new("NUMBER_TAKEN", $"{e164} is already assigned to an organization.");

    [Access(AccessLevel.TenantRead)]
    public override async Task<ListPhoneNumbersResponse> ListPhoneNumbers(ListPhoneNumbersRequest request, ServerCallContext context)
    {
        var query = db.PhoneNumbers.AsNoTracking();
        var (page, next) = await query.PageAsync(p => p.CreatedAt, KeysetOrder.Ascending, request.PageToken, request.PageSize, context.CancellationToken);
        var response = new ListPhoneNumbersResponse { NextPageToken = next };
        response.PhoneNumbers.AddRange(page.Select(p => p.ToProto()));
        return response;
    }

    [Access(AccessLevel.ServiceTenant)]
    public override async Task<ReleasePhoneNumberResponse> ReleasePhoneNumber(ReleasePhoneNumberRequest request, ServerCallContext context)
    {
        var id = Guid.Parse(request.Id);
        var number = await db.PhoneNumbers.SingleOrDefaultAsync(p => p.Id == id, context.CancellationToken)
            ?? throw new NotFoundException("Phone number", request.Id);
        db.PhoneNumbers.Remove(number);
        await db.SaveChangesAsync(context.CancellationToken);
        agentConfigs.Invalidate(number.TenantId);
        return new ReleasePhoneNumberResponse();
    }

    [Access(AccessLevel.ServicePlatform)]
    public override async Task<ResolvePhoneNumberResponse> ResolvePhoneNumber(ResolvePhoneNumberRequest request, ServerCallContext context)
    {
        // The dialled number is what identifies the tenant, so this one lookup runs across tenants.
        var route = await db.PhoneNumbers.IgnoreQueryFilters([TenantDbContext.TenantFilterName]).AsNoTracking()
            .Where(p => p.E164 == request.E164)
            .Select(p => new { p.TenantId, p.Id })
            .SingleOrDefaultAsync(context.CancellationToken)
            ?? throw new NotFoundException("Phone number", request.E164);

        var tenant = await tenantStore.FindAsync(route.TenantId.ToString("D"), context.CancellationToken)
            ?? throw new NotFoundException("Phone number", request.E164);
        tenants.SetTenant(tenant);
        return new ResolvePhoneNumberResponse
        {
            TenantId = route.TenantId.ToProtoId(),
            PhoneNumberId = route.Id.ToProtoId(),
            AgentConfig = await agentConfigs.GetAsync(context.CancellationToken),
        };
    }
}

internal static class PhoneNumberMapping
{
    public static PhoneNumber ToProto(this Model.PhoneNumber p) => new()
    {
        Id = p.Id.ToProtoId(),
        E164 = p.E164,
        Label = p.Label,
        TwilioSid = p.TwilioSid ?? "",
        CreatedAt = p.CreatedAt.ToTimestamp(),
    };
}
