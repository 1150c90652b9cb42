using Coordi.Core.Application.Errors;
using Coordi.Core.Validation;
using FluentValidation;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Coordi.Core.Grpc.Interceptors;

/// <summary>
/// Applies the rules every request obeys (<see cref="RequestValueRules"/>), then the request's FluentValidation
/// validator, if it has one, before the service sees it.
/// </summary>
public sealed class ValidationInterceptor(IServiceProvider services) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (request is Google.Protobuf.IMessage message && RequestValueRules.Violations(message) is { Count: > 0 } violations)
        {
            throw new RequestValidationException(violations);
        }

        if (services.GetService<IValidator<TRequest>>() is { } validator)
        {
            var result = await validator.ValidateAsync(request, context.CancellationToken);
            if (!result.IsValid)
            {
                throw new RequestValidationException(result.Errors
                    .Select(e => new FieldViolation(ProtoFieldPath(e.PropertyName), e.ErrorMessage))
                    .ToList());
            }
        }

        return await continuation(request, context);
    }

    /// <summary>A stream's request is validated before the first message is sent.</summary>
    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        UnaryServerHandler<TRequest, StreamCompleted>(request, context, async (r, c) =>
        {
            await continuation(r, responseStream, c);
            return StreamCompleted.Instance;
        });

    /// <summary>"Profile.Services[0].PriceMin" -> "profile.services[0].price_min": the names callers see in the .proto.</summary>
    internal static string ProtoFieldPath(string propertyPath)
    {
        var sb = new System.Text.StringBuilder(propertyPath.Length + 8);
        for (var i = 0; i < propertyPath.Length; i++)
        {
            var c = propertyPath[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && char.IsLetterOrDigit(propertyPath[i - 1]))
                {
                    sb.Append('_');
                }

                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
