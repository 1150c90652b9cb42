namespace Coordi.Core.Grpc.Interceptors;

/// <summary>The "response" of a server stream run through a unary interceptor path, so streams share its checks.</summary>
public sealed class StreamCompleted
{
    public static readonly StreamCompleted Instance = new();

    private StreamCompleted()
    {
    }
}
