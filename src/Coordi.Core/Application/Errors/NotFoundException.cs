namespace Coordi.Core.Application.Errors;

/// <summary>The id is unknown to the caller's tenant; another tenant's ids are reported the same way.</summary>
public sealed class NotFoundException(string entity, string id) : Exception($"{entity} '{id}' was not found.")
{
    public string Entity { get; } = entity;
}
