namespace Coordi.Core.Application.Errors;

/// <summary>One or more request fields are invalid; each violation names its field.</summary>
public sealed class RequestValidationException(IReadOnlyList<FieldViolation> violations)
    : Exception("Invalid request: " + string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}")))
{
    public IReadOnlyList<FieldViolation> Violations { get; } = violations;

    public static RequestValidationException For(string field, string description) => new([new FieldViolation(field, description)]);
}

public sealed record FieldViolation(string Field, string Description);
