using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Coordi.ServiceDefaults;

public static class LocalPortEndpointConvention
{
    /// <summary>
    /// The endpoint answers 404 unless the connection arrived on <paramref name="port"/>. Unlike RequireHost, this
    /// looks at the socket, so a forged Host header cannot reach a management endpoint through a public port.
    /// </summary>
    public static TBuilder RequireLocalPort<TBuilder>(this TBuilder builder, int port)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            var inner = endpoint.RequestDelegate;
            if (inner is null)
            {
                return;
            }

            endpoint.RequestDelegate = context =>
            {
                if (context.Connection.LocalPort == port)
                {
                    return inner(context);
                }

                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            };
        });
        return builder;
    }
}
