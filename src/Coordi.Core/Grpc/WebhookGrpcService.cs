using Coordi.Contracts.V1;
using Coordi.Core.Application;
using Coordi.Core.Application.Errors;
using Coordi.Core.Events;
using Coordi.Core.Grpc.Mapping;
using Coordi.Core.Infrastructure;
using Coordi.Core.Security;
using Coordi.Core.Webhooks;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Coordi.Core.Grpc;

public sealed class WebhookGrpcService(
    CoreDbContext db,
    SecretProtector secrets,
    WebhookUrlPolicy urlPolicy,
    EventSignal signal,
    IOptions<WebhookOptions> options,
    TimeProvider clock) : WebhookService.WebhookServiceBase
{
    [Access(AccessLevel.TenantWrite)]
    public override async Task<CreateWebhookEndpointResponse> CreateWebhookEndpoint(CreateWebhookEndpointRequest request, ServerCallContext context)
    {
        Validate(request.Url, request.Description, request.EventTypes, "");
        var count = await db.WebhookEndpoints.CountAsync(context.CancellationToken);
        if (count >= options.Value.MaxEndpointsPerOrganization)
        {
            throw new ConflictException("ENDPOINT_LIMIT", $"An organization may have at most {options.Value.MaxEndpointsPerOrganization} webhook endpoints.");
        }

        var secret = WebhookSignature.NewSecret();
        var endpoint = new Model.WebhookEndpoint
        {
            Id = Guid.CreateVersion7(),
            Url = request.Url,
            Description = request.Description.Trim(),
            EventTypes = request.EventTypes.Distinct().ToList(),
            SecretCiphertext = secrets.Protect(secret)!,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync(context.CancellationToken);
        return new CreateWebhookEndpointResponse { Endpoint = endpoint.ToProto(), Secret = secret };
    }

    [Access(AccessLevel.TenantRead)]
    public override async Task<ListWebhookEndpointsResponse> ListWebhookEndpoints(ListWebhookEndpointsRequest request, ServerCallContext context)
    {
        var endpoints = await db.WebhookEndpoints.AsNoTracking().OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).ToListAsync(context.CancellationToken);
        var response = new ListWebhookEndpointsResponse();
        response.Endpoints.AddRange(endpoints.Select(e => e.ToProto()));
        return response;
    }

    [Access(AccessLevel.TenantWrite)]
    public override async Task<WebhookEndpoint> UpdateWebhookEndpoint(UpdateWebhookEndpointRequest request, ServerCallContext context)
    {
        var endpoint = await FindAsync(request.Id, context.CancellationToken);
        var values = request.Endpoint ?? new WebhookEndpoint();
        foreach (var field in request.UpdateMask.Distinct())
        {
            switch (field)
            {
                case "url":
                    Validate(values.Url, "", [], "endpoint.");
                    endpoint.Url = values.Url;
                    break;
                case "description":
                    Validate(null, values.Description, [], "endpoint.");
                    endpoint.Description = values.Description.Trim();
                    break;
                case "event_types":
                    Validate(null, "", values.EventTypes, "endpoint.");
                    endpoint.EventTypes = values.EventTypes.Distinct().ToList();
                    break;
                case "enabled":
                    if (values.Enabled && !endpoint.Enabled)
                    {
                        // A fresh start: the owner fixed the receiver, so past failures no longer count against it.
                        endpoint.ConsecutiveFailures = 0;
                        endpoint.FailingSince = null;
                        endpoint.DisabledReason = "";
                        endpoint.DisabledAt = null;
                    }

                    endpoint.Enabled = values.Enabled;
                    break;
                default:
                    throw RequestValidationException.For("update_mask", $"'{field}' cannot be updated.");
            }
        }

        await db.SaveChangesAsync(context.CancellationToken);
        if (endpoint.Enabled)
        {
            await ExpireOverdueAsync(endpoint.Id, context.CancellationToken);
        }

        signal.NotifyAll();
        return endpoint.ToProto();
    }

    [Access(AccessLevel.TenantWrite)]
    public override async Task<DeleteWebhookEndpointResponse> DeleteWebhookEndpoint(DeleteWebhookEndpointRequest request, ServerCallContext context)
    {
        var endpoint = await FindAsync(request.Id, context.CancellationToken);
        db.WebhookEndpoints.Remove(endpoint);
        // Its deliveries go with it (cascade), so the worker finds nothing more to send.
        await db.SaveChangesAsync(context.CancellationToken);
        return new DeleteWebhookEndpointResponse();
    }

    [Access(AccessLevel.TenantRead)]
    public override async Task<ListWebhookDeliveriesResponse> ListWebhookDeliveries(ListWebhookDeliveriesRequest request, ServerCallContext context)
    {
        var query = db.WebhookDeliveries.AsNoTracking();
        if (request.EndpointId.Length > 0)
        {
            var endpointId = ParseId(request.EndpointId, "endpoint_id");
            query = query.Where(d => d.EndpointId == endpointId);
        }

        if (request.Status != WebhookDeliveryStatus.Unspecified)
        {
            var status = (Model.WebhookDeliveryStatus)request.Status;
            query = query.Where(d => d.Status == status);
        }

        var (page, next) = await query.PageAsync(d => d.CreatedAt, KeysetOrder.Descending, request.PageToken, request.PageSize, context.CancellationToken);
        var response = new ListWebhookDeliveriesResponse { NextPageToken = next };
        response.Deliveries.AddRange(page.Select(d => d.ToProto()));
        return response;
    }

    [Access(AccessLevel.TenantWrite)]
    public override async Task<WebhookDelivery> RetryWebhookDelivery(RetryWebhookDeliveryRequest request, ServerCallContext context)
    {
        var id = ParseId(request.Id, "id");
        var delivery = await db.WebhookDeliveries.SingleOrDefaultAsync(d => d.Id == id, context.CancellationToken)
            ?? throw new NotFoundException("Webhook delivery", request.Id);
        var now = clock.GetUtcNow().UtcDateTime;
        delivery.Status = Model.WebhookDeliveryStatus.Pending;
        delivery.NextAttemptAt = now;
        if (delivery.RetryUntil < now + options.Value.FirstRetryDelay)
        {
            delivery.RetryUntil = now + options.Value.RetryWindow;
        }

        await db.SaveChangesAsync(context.CancellationToken);
        signal.NotifyAll();
        return delivery.ToProto();
    }

    /// <summary>
    /// Deliveries that waited past their retry window while the endpoint was disabled are given up, not sent late:
    /// the documented promise is the window, and a receiver enabled after days should not get a flood of old events.
    /// </summary>
    private async Task ExpireOverdueAsync(Guid endpointId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.WebhookDeliveries
            .Where(d => d.EndpointId == endpointId && d.Status == Model.WebhookDeliveryStatus.Pending && d.RetryUntil < now)
            .ExecuteUpdateAsync(u => u
                .SetProperty(d => d.Status, Model.WebhookDeliveryStatus.Failed)
                .SetProperty(d => d.NextAttemptAt, (DateTime?)null)
                .SetProperty(d => d.LastError, "Its retry window ended while the endpoint was disabled."), cancellationToken);
    }

    private async Task<Model.WebhookEndpoint> FindAsync(string id, CancellationToken cancellationToken)
    {
        var endpointId = ParseId(id, "id");
        return await db.WebhookEndpoints.SingleOrDefaultAsync(e => e.Id == endpointId, cancellationToken)
            ?? throw new NotFoundException("Webhook endpoint", id);
    }

    private static Guid ParseId(string value, string field) =>
        Guid.TryParse(value, out var id) ? id : throw RequestValidationException.For(field, "must be an id returned by this API.");

    /// <summary>Checks the given values; a null <paramref name="url"/> is not being set.</summary>
    private void Validate(string? url, string description, IEnumerable<string> eventTypes, string prefix)
    {
        var violations = new List<FieldViolation>();
        if (url is not null)
        {
            if (url.Length > 2048)
            {
                violations.Add(new FieldViolation(prefix + "url", "must be at most 2048 characters."));
            }
            else if (urlPolicy.Problem(url) is { } problem)
            {
                violations.Add(new FieldViolation(prefix + "url", problem));
            }
        }

        if (description.Length > 200)
        {
            violations.Add(new FieldViolation(prefix + "description", "must be at most 200 characters."));
        }

        foreach (var type in eventTypes.Where(t => !EventTypes.All.Contains(t)))
        {
            violations.Add(new FieldViolation(prefix + "event_types", $"'{type}' is not an event type; use one of {string.Join(", ", EventTypes.All)}."));
        }

        if (violations.Count > 0)
        {
            throw new RequestValidationException(violations);
        }
    }
}

internal static class WebhookMapping
{
    public static WebhookEndpoint ToProto(this Model.WebhookEndpoint e)
    {
        var message = new WebhookEndpoint
        {
            Id = e.Id.ToProtoId(),
            Url = e.Url,
            Description = e.Description,
            Enabled = e.Enabled,
            DisabledReason = e.DisabledReason,
            CreatedAt = e.CreatedAt.ToTimestamp(),
            ConsecutiveFailures = e.ConsecutiveFailures,
        };
        message.EventTypes.AddRange(e.EventTypes);
        return message;
    }

    public static WebhookDelivery ToProto(this Model.WebhookDelivery d) => new()
    {
        Id = d.Id.ToProtoId(),
        EndpointId = d.EndpointId.ToProtoId(),
        EventId = d.EventId.ToProtoId(),
        EventType = d.EventType,
        EventCursor = d.EventSequence,
        Status = (WebhookDeliveryStatus)d.Status,
        AttemptCount = d.AttemptCount,
        ResponseCode = d.ResponseCode ?? 0,
        LastError = d.LastError,
        CreatedAt = d.CreatedAt.ToTimestamp(),
        LastAttemptAt = d.LastAttemptAt.ToTimestamp(),
        NextAttemptAt = d.Status == Model.WebhookDeliveryStatus.Pending ? d.NextAttemptAt.ToTimestamp() : null,
    };
}
