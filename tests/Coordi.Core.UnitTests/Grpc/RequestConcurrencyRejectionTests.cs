using Coordi.Core.Extensions;
using Microsoft.AspNetCore.Http;

namespace Coordi.Core.UnitTests.Grpc;

public sealed class RequestConcurrencyRejectionTests
{
    [Fact]
    public void A_call_turned_away_gets_a_grpc_unavailable_status_with_a_sentence()
    {
        var context = new DefaultHttpContext();

        RequestConcurrencyExtensions.RejectAsUnavailable(context);

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Equal("application/grpc", context.Response.ContentType);
        Assert.Equal(((int)global::Grpc.Core.StatusCode.Unavailable).ToString(), context.Response.Headers["grpc-status"].ToString());
        Assert.Equal("The service is busy; retry with backoff.", context.Response.Headers["grpc-message"].ToString());
    }
}
