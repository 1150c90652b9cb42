using Coordi.Contracts.V1;
using Coordi.Core.Validation;
using Google.Protobuf.WellKnownTypes;

namespace Coordi.Core.UnitTests.Validation;

public sealed class RequestValueRulesTests
{
    [Fact]
    public void A_nul_is_found_at_any_depth_and_named_by_its_proto_path()
    {
        var request = new AppendTranscriptTurnsRequest { CallId = "abc" };
        request.Turns.Add(new TranscriptTurn { Text = "fine" });
        request.Turns.Add(new TranscriptTurn { Text = "bad\0" });

        var violations = RequestValueRules.Violations(request);

        Assert.Equal(["turns[1].text"], violations.Select(v => v.Field));
    }

    [Fact]
    public void Line_breaks_tabs_and_ordinary_timestamps_pass()
    {
        var request = new AppendTranscriptTurnsRequest { CallId = "abc" };
        request.Turns.Add(new TranscriptTurn { Text = "line\nbreak\ttab", OccurredAt = Timestamp.FromDateTime(DateTime.UtcNow) });

        Assert.Empty(RequestValueRules.Violations(request));
    }

    [Theory]
    [InlineData(0L, -1)]
    [InlineData(0L, 1_000_000_000)]
    [InlineData(-62_167_219_200L, 0)]
    [InlineData(253_402_300_800L, 0)]
    [InlineData(-2_208_988_801L, 0)]
    [InlineData(7_258_118_400L, 0)]
    public void A_timestamp_outside_the_kept_years_or_with_bad_nanos_is_named(long seconds, int nanos)
    {
        var request = new GetAvailabilityRequest { From = new Timestamp { Seconds = seconds, Nanos = nanos } };

        Assert.Equal(["from"], RequestValueRules.Violations(request).Select(v => v.Field));
    }
}
