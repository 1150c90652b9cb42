using Grpc.AspNetCore.Server.Model;

namespace Coordi.Core.Grpc.RequestParsing;

public static class UnreadableRequestExtensions
{
    /// <summary>
    /// Replaces grpc-dotnet's default method binding (the generated BindService) with one whose request deserializer
    /// answers unreadable messages with InvalidArgument. Call after AddGrpc, which registers the default.
    /// </summary>
    public static IServiceCollection UseUnreadableRequestMethodProvider(this IServiceCollection services)
    {
        var defaults = services
            .Where(d => d.ServiceType == typeof(IServiceMethodProvider<>) && d.ImplementationType?.Name.StartsWith("BinderServiceMethodProvider", StringComparison.Ordinal) == true)
            .ToList();
        if (defaults.Count == 0)
        {
            throw new InvalidOperationException("AddGrpc must be called before the unreadable-request binding replaces its default.");
        }

        foreach (var descriptor in defaults)
        {
            services.Remove(descriptor);
        }

        services.AddSingleton(typeof(IServiceMethodProvider<>), typeof(UnreadableRequestMethodProvider<>));
        return services;
    }
}
