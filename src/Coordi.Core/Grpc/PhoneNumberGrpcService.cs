using Coordi.Contracts.V1;
using Coordi.Core.Application;
using Coordi.Core.Application.Errors;
using Coordi.Core.Grpc.Mapping;
using Coordi.Core.Infrastructure;
using Coordi.Core.Security;
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
    TimeProvider clock) : PhoneNumberService.PhoneNumberServiceBase
{
    [Access(AccessLevel.ServiceTenant)]
    public override async Task<PhoneNumber> AssignPhoneNumber(AssignPhoneNumberRequest request, ServerCallContext context)
    {
        var number = new Model.PhoneNumber
        {
            Id = Guid.CreateVersion7(),
            E164 = request.E164,
            Label = request.Label.Trim(),
            TwilioSid = string.IsNullOrEmpty(request.TwilioSid) ? null : request.TwilioSid,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.PhoneNumbers.Add(number);
        try
        {
            await db.SaveChangesAsync(context.CancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Whether the holder is this organization or another is not revealed beyond "taken".
            throw new ConflictException("NUMBER_TAKEN", $"{request.E164} is already assigned to an organization.");
        }

        agentConfigs.Invalidate(number.TenantId);
        return number.ToProto();
    }

    [Access(AccessLevel.TenantRead)]
    public override async Task<ListPhoneNumbersResponse> ListPhoneNumbers(ListPhoneNumbersRequest request, ServerCallContext context)
    {
        var query = db.PhoneNumbers.AsNoTracking();
        if (PageToken.Decode(request.PageToken) is { } after)
        {
            query = query.Where(p => p.CreatedAt > after.At || (p.CreatedAt == after.At && p.Id.CompareTo(after.Id) > 0));
        }

        var (page, next) = await query.OrderBy(p => p.CreatedAt).ThenBy(p => p.Id)
            .ToPageAsync(request.PageSize, p => new PageToken(p.CreatedAt, p.Id), context.CancellationToken);
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
