using Coordi.Voice.Outbox;
using Grpc.Core;

namespace Coordi.Voice.UnitTests.Outbox;

public sealed class RetryPolicyTests
{
    private static readonly OutboxOptions Options = new()
    {
        MaxAttempts = 5,
        FirstRetryDelay = TimeSpan.FromMilliseconds(100),
        MaxRetryDelay = TimeSpan.FromSeconds(30),
    };

    private readonly RetryPolicy _policy = new(Options);

    [Theory]
    [InlineData(StatusCode.InvalidArgument)]
    [InlineData(StatusCode.NotFound)]
    [InlineData(StatusCode.PermissionDenied)]
    [InlineData(StatusCode.FailedPrecondition)]
    [InlineData(StatusCode.Unimplemented)]
    public void A_refusal_parks_at_once(StatusCode status)
    {
        Assert.Null(_policy.NextDelay(status, attempts: 1));
    }

    [Theory]
    [InlineData(StatusCode.Internal)]
    [InlineData(StatusCode.Unknown)]
    [InlineData(StatusCode.Unauthenticated)]
    public void A_fault_is_retried_up_to_the_bound_then_parked(StatusCode status)
    {
        for (var attempts = 1; attempts < Options.MaxAttempts; attempts++)
        {
            Assert.NotNull(_policy.NextDelay(status, attempts));
        }

        Assert.Null(_policy.NextDelay(status, Options.MaxAttempts));
        Assert.Null(_policy.NextDelay(status, Options.MaxAttempts + 10));
    }

    [Theory]
    [InlineData(StatusCode.Unavailable)]
    [InlineData(StatusCode.DeadlineExceeded)]
    [InlineData(StatusCode.ResourceExhausted)]
    [InlineData(StatusCode.Aborted)]
    [InlineData(StatusCode.Cancelled)]
    public void An_outage_is_retried_without_limit_at_most_the_cap_apart(StatusCode status)
    {
        foreach (var attempts in (int[])[1, Options.MaxAttempts, 100, 100_000, int.MaxValue])
        {
            var delay = _policy.NextDelay(status, attempts);
            Assert.NotNull(delay);
            Assert.InRange(delay.Value, TimeSpan.Zero, Options.MaxRetryDelay);
        }
    }

    [Fact]
    public void The_wait_doubles_with_each_attempt_within_its_jitter()
    {
        for (var attempts = 1; attempts <= 12; attempts++)
        {
            var full = Math.Min(100 * Math.Pow(2, attempts - 1), 30_000);
            for (var sample = 0; sample < 50; sample++)
            {
                Assert.InRange(_policy.Backoff(attempts).TotalMilliseconds, full / 2, full);
            }
        }
    }

    [Fact]
    public void The_jitter_spreads_entries_that_failed_together()
    {
        var waits = Enumerable.Range(0, 50).Select(_ => _policy.Backoff(4)).Distinct().Count();

        Assert.True(waits > 1, "fifty entries failing on the same attempt do not all wait the same time");
    }
}
