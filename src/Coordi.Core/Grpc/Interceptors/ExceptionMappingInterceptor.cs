using System.Diagnostics;
using Coordi.Core.Application.Errors;
using Coordi.MultiTenancy;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Status = Google.Rpc.Status;

namespace Coordi.Core.Grpc.Interceptors;

/// <summary>
/// The one place exceptions become gRPC statuses. Callers get a status and a sentence they can act on,
/// with google.rpc details where a program can use them; never a stack trace.
/// </summary>
public sealed class ExceptionMappingInterceptor(ILogger<ExceptionMappingInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            // This interceptor wraps the one that opens the tenant's log scope, so that scope has closed by now.
            var tenant = context.GetHttpContext().RequestServices.GetService<ITenantContextAccessor>()?.Tenant;
            using var scope = tenant is null ? null : logger.BeginScope(new Dictionary<string, object> { ["TenantId"] = tenant.Identifier });
            throw Map(ex, context);
        }
    }

    /// <summary>A stream's failure is mapped like a unary call's.</summary>
    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        UnaryServerHandler<TRequest, StreamCompleted>(request, context, async (r, c) =>
        {
            await continuation(r, responseStream, c);
            return StreamCompleted.Instance;
        });

    private RpcException Map(Exception ex, ServerCallContext context)
    {
        switch (ex)
        {
            case RequestValidationException v:
                // Messages may quote the value sent; an oversize value quoted back would overflow the response
                // headers the status travels in, and the caller would see a transport error instead of this answer.
                var violations = v.Violations.Take(MaxViolations)
                    .Select(f => new BadRequest.Types.FieldViolation { Field = Shorten(f.Field), Description = Shorten(f.Description) })
                    .ToList();
                var badRequest = new BadRequest();
                badRequest.FieldViolations.AddRange(violations);
                return Rich(Code.InvalidArgument, "Invalid request: " + string.Join("; ", violations.Select(f => $"{f.Field}: {f.Description}")), badRequest);
            case NotFoundException nf:
                return Rich(Code.NotFound, nf.Message, new ResourceInfo { ResourceType = nf.Entity, Description = nf.Message });
            case ConflictException c:
                var info = new ErrorInfo { Reason = c.Reason, Domain = "coordi.v1" };
                foreach (var (key, value) in c.Metadata)
                {
                    info.Metadata[key] = value;
                }

                return Rich(Code.AlreadyExists, c.Message, info);
            case FailedPreconditionException fp:
                return Rich(Code.FailedPrecondition, fp.Message, new ErrorInfo { Reason = fp.Reason, Domain = "coordi.v1" });
            case CursorExpiredException ce:
                return Rich(Code.OutOfRange, ce.Message, new ErrorInfo
                {
                    Reason = "CURSOR_EXPIRED",
                    Domain = "coordi.v1",
                    Metadata = { ["oldest_cursor"] = ce.OldestCursor.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                });
            case CursorAheadException ca:
                return Rich(Code.OutOfRange, ca.Message, new ErrorInfo
                {
                    Reason = "CURSOR_AHEAD",
                    Domain = "coordi.v1",
                    Metadata = { ["latest_cursor"] = ca.LatestCursor.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                });
            case DependencyUnavailableException du:
                logger.LogWarning(ex, "An outside service failed in {Method}", context.Method);
                return Rich(Code.Unavailable, du.Message);
            case CrossTenantAccessException:
                logger.LogWarning(ex, "Refused a write across tenants in {Method}", context.Method);
                return Rich(Code.PermissionDenied, "The record belongs to another organization.");
            case TenantNotResolvedException:
                logger.LogError(ex, "Tenant data touched without a tenant in {Method}", context.Method);
                return Rich(Code.FailedPrecondition, "This method needs an organization to act for.");
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return context.Deadline <= DateTime.UtcNow
                    ? new RpcException(new global::Grpc.Core.Status(StatusCode.DeadlineExceeded, "The deadline passed before the request finished."))
                    : new RpcException(new global::Grpc.Core.Status(StatusCode.Cancelled, "The request was cancelled by the caller."));
            case DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } }:
                return Rich(Code.AlreadyExists, "A record with the same unique value already exists.");
            case DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure } }
                or PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure }:
                // Lost a race with a concurrent write; the request had no effect and can simply be retried.
                return Rich(Code.Aborted, "The request conflicted with a concurrent change and was not applied; retry it.");
            case NpgsqlException { IsTransient: true } or TimeoutException:
                logger.LogWarning(ex, "Database unavailable in {Method}", context.Method);
                return Rich(Code.Unavailable, "The service is temporarily unavailable; retry shortly.");
            default:
                var reference = Activity.Current?.TraceId.ToString() ?? context.GetHttpContext().TraceIdentifier;
                logger.LogError(ex, "Unhandled error in {Method} (reference {Reference})", context.Method, reference);
                return Rich(Code.Internal, $"An internal error occurred. Reference: {reference}.");
        }
    }

    private const int MaxViolations = 20;

    private const int MaxTextLength = 200;

    private static string Shorten(string text) => text.Length <= MaxTextLength ? text : text[..MaxTextLength] + "…";

    private static RpcException Rich(Code code, string message, params Google.Protobuf.IMessage[] details)
    {
        const int maxMessageLength = 4000;
        var status = new Status { Code = (int)code, Message = message.Length <= maxMessageLength ? message : message[..maxMessageLength] + "…" };
        status.Details.AddRange(details.Select(Any.Pack));
        return status.ToRpcException();
    }
}
