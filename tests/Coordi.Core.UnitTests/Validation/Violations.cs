using Coordi.Core.Grpc.Interceptors;
using FluentValidation;

namespace Coordi.Core.UnitTests.Validation;

/// <summary>The fields a validator rejects, named as callers see them in the InvalidArgument error.</summary>
internal static class Violations
{
    public static IReadOnlyList<string> Of<T>(IValidator<T> validator, T request) =>
        [.. validator.Validate(request).Errors.Select(e => ValidationInterceptor.ProtoFieldPath(e.PropertyName)).Distinct()];

    public static string Text(int length) => new('x', length);

    public static string NewId() => Guid.NewGuid().ToString("D");
}
