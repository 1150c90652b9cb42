using Google.Rpc;
using Grpc.Core;

namespace Coordi.Core.FunctionalTests;

/// <summary>Assertions on failed gRPC calls: the status code, and the google.rpc details a client program reads.</summary>
public static class RpcAssert
{
    /// <summary>Awaits the call and asserts it fails with <paramref name="expected"/>.</summary>
    public static async Task<RpcException> FailsWith<T>(StatusCode expected, AsyncUnaryCall<T> call)
    {
        using (call)
        {
            return await FailsWith(expected, () => call.ResponseAsync);
        }
    }

    public static async Task<RpcException> FailsWith(StatusCode expected, Func<Task> action)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(action);
        Assert.True(ex.StatusCode == expected, $"Expected {expected} but got {ex.StatusCode}: {ex.Status.Detail}");
        return ex;
    }

    /// <summary>
    /// Asserts the call fails with InvalidArgument and that its google.rpc.BadRequest names every one of
    /// <paramref name="fields"/> (more violations may be present).
    /// </summary>
    public static async Task<BadRequest> InvalidArgument<T>(AsyncUnaryCall<T> call, params string[] fields)
    {
        var ex = await FailsWith(StatusCode.InvalidArgument, call);
        var badRequest = BadRequestOf(ex);
        var named = badRequest.FieldViolations.Select(v => v.Field).ToList();
        foreach (var field in fields)
        {
            Assert.True(named.Contains(field), $"Expected a violation of '{field}' but got: {string.Join(", ", named)} ({ex.Status.Detail})");
        }

        Assert.All(badRequest.FieldViolations, v => Assert.False(string.IsNullOrWhiteSpace(v.Description)));
        return badRequest;
    }

    public static BadRequest BadRequestOf(RpcException ex) =>
        ex.GetRpcStatus()?.GetDetail<BadRequest>()
        ?? throw new Xunit.Sdk.XunitException($"The {ex.StatusCode} error carries no google.rpc.BadRequest: {ex.Status.Detail}");

    public static ErrorInfo ErrorInfoOf(RpcException ex) =>
        ex.GetRpcStatus()?.GetDetail<ErrorInfo>()
        ?? throw new Xunit.Sdk.XunitException($"The {ex.StatusCode} error carries no google.rpc.ErrorInfo: {ex.Status.Detail}");
}
