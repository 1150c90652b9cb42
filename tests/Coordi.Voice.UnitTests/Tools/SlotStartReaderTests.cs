using System.Globalization;
using Coordi.Voice.Tools;

namespace Coordi.Voice.UnitTests.Tools;

public sealed class SlotStartReaderTests
{
    private static readonly TimeZoneInfo Chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-11-01T01:30:00-05:00", "2026-11-01T06:30:00Z")]
    [InlineData("2026-11-01T01:30:00-06:00", "2026-11-01T07:30:00Z")]
    [InlineData("2026-11-01T07:30:00Z", "2026-11-01T07:30:00Z")]
    public void A_slot_with_an_offset_is_the_instant_it_names(string slot, string instant)
    {
        var read = SlotStartReader.Read(slot, Chicago);

        Assert.Null(read.Error);
        Assert.Equal(At(instant), read.Start);
    }

    [Fact]
    public void A_wall_clock_time_without_an_offset_is_read_in_the_business_zone()
    {
        var read = SlotStartReader.Read("2026-11-02T09:00:00", Chicago);

        Assert.Equal(At("2026-11-02T15:00:00Z"), read.Start);
        Assert.Equal(TimeSpan.FromHours(-6), read.Start!.Value.Offset);
    }

    [Fact]
    public void A_repeated_wall_clock_time_without_an_offset_is_refused_naming_both_slots()
    {
        var read = SlotStartReader.Read("2026-11-01T01:30:00", Chicago);

        Assert.Null(read.Start);
        Assert.Contains("happens twice", read.Error);
        Assert.Contains("Nothing was booked", read.Error);
        Assert.Contains("2026-11-01T01:30:00-05:00 = Sunday, November 1 at 1:30 AM (first time, daylight time)", read.Error);
        Assert.Contains("2026-11-01T01:30:00-06:00 = Sunday, November 1 at 1:30 AM (second time, standard time, after the clocks go back)", read.Error);
        Assert.True(
            read.Error!.IndexOf("-05:00", StringComparison.Ordinal) < read.Error.IndexOf("-06:00", StringComparison.Ordinal),
            "the first occurrence is named first");
    }

    [Fact]
    public void A_wall_clock_time_the_clocks_skip_is_refused()
    {
        var read = SlotStartReader.Read("2026-03-08T02:30:00", Chicago);

        Assert.Null(read.Start);
        Assert.Equal("2:30 AM does not happen that day: the clocks go forward. Nothing was booked; offer a slot returned by check_availability.", read.Error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("tomorrow morning")]
    [InlineData("2026-13-01T09:00:00-06:00")]
    public void Text_that_is_no_time_is_refused(string? slot)
    {
        var read = SlotStartReader.Read(slot, Chicago);

        Assert.Null(read.Start);
        Assert.Equal("slot_start must be one of the slot times returned by check_availability.", read.Error);
    }
}
