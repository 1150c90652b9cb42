using Coordi.Contracts.V1;
using Coordi.Core.Application;
using Coordi.Core.Application.Errors;
using Coordi.Core.Grpc.Mapping;
using Coordi.Core.Infrastructure;
using Coordi.Core.Security;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace Coordi.Core.Grpc;

public sealed class ApiKeyGrpcService(CoreDbContext db, CallerAuthenticator authenticator, TimeProvider clock) : ApiKeyService.ApiKeyServiceBase
{
    [Access(AccessLevel.ServiceTenant)]
    public override async Task<CreateApiKeyResponse> CreateApiKey(CreateApiKeyRequest request, ServerCallContext context)
    {
        var (prefix, secret) = ApiKeySecret.Generate();
        var key = new Model.ApiKey
        {
            Id = Guid.CreateVersion7(),
            Name = request.Name.Trim(),
            Prefix = prefix,
            SecretHash = ApiKeySecret.Hash(secret),
            Scope = (Model.ApiKeyScope)request.Scope,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(context.CancellationToken);
        return new CreateApiKeyResponse { ApiKey = key.ToProto(), Secret = secret };
    }

    [Access(AccessLevel.ServiceTenant)]
    public override async Task<ListApiKeysResponse> ListApiKeys(ListApiKeysRequest request, ServerCallContext context)
    {
        var query = db.ApiKeys.AsNoTracking();
        if (!request.IncludeRevoked)
        {
            query = query.Where(k => k.RevokedAt == null);
        }

        var (page, next) = await query.PageAsync(k => k.CreatedAt, KeysetOrder.Descending, request.PageToken, request.PageSize, context.CancellationToken);
        var response = new ListApiKeysResponse { NextPageToken = next };
        response.ApiKeys.AddRange(page.Select(k => k.ToProto()));
        return response;
    }

    [Access(AccessLevel.ServiceTenant)]
    public override async Task<ApiKey> RevokeApiKey(RevokeApiKeyRequest request, ServerCallContext context)
    {
        var id = Guid.Parse(request.Id);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, context.CancellationToken)
            ?? throw new NotFoundException("API key", request.Id);
        key.RevokedAt ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(context.CancellationToken);
        authenticator.Forget(key.Prefix);
        return key.ToProto();
    }
}

internal static class ApiKeyMapping
{
    public static ApiKey ToProto(this Model.ApiKey k) => new()
    {
        Id = k.Id.ToProtoId(),
        Name = k.Name,
        Prefix = ApiKeySecret.DisplayPrefix(k.Prefix),
        Scope = (ApiKeyScope)k.Scope,
        CreatedAt = k.CreatedAt.ToTimestamp(),
        LastUsedAt = k.LastUsedAt.ToTimestamp(),
        RevokedAt = k.RevokedAt.ToTimestamp(),
    };
}
