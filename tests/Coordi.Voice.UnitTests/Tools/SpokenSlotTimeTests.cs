using System.Globalization;
using Coordi.Voice.Tools;

namespace Coordi.Voice.UnitTests.Tools;

public sealed class SpokenSlotTimeTests
{
    private static readonly TimeZoneInfo Chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    [Fact]
    public void An_ordinary_time_is_said_with_its_day_and_clock_time_only()
    {
        Assert.Equal("Monday, November 2 at 9:00 AM", SpokenSlotTime.Of(At("2026-11-02T09:00:00-06:00"), Chicago));
        Assert.Equal("Friday, October 30 at 2:30 PM", SpokenSlotTime.Of(At("2026-10-30T19:30:00Z"), Chicago));
    }

    [Fact]
    public void The_two_half_past_ones_of_the_autumn_change_are_said_differently()
    {
        var first = SpokenSlotTime.Of(At("2026-11-01T01:30:00-05:00"), Chicago);
        var second = SpokenSlotTime.Of(At("2026-11-01T01:30:00-06:00"), Chicago);

        Assert.Equal("Sunday, November 1 at 1:30 AM (first time, daylight time)", first);
        Assert.Equal("Sunday, November 1 at 1:30 AM (second time, standard time, after the clocks go back)", second);
    }

    [Fact]
    public void The_same_instant_is_said_the_same_whatever_offset_it_was_written_with()
    {
        Assert.Equal(SpokenSlotTime.Of(At("2026-11-01T01:30:00-06:00"), Chicago), SpokenSlotTime.Of(At("2026-11-01T07:30:00Z"), Chicago));
        Assert.True(SpokenSlotTime.IsRepeated(At("2026-11-01T07:30:00Z"), Chicago));
        Assert.False(SpokenSlotTime.IsRepeated(At("2026-11-01T08:30:00Z"), Chicago));
    }

    [Fact]
    public void The_hours_either_side_of_the_repeat_are_ordinary()
    {
        Assert.Equal("Sunday, November 1 at 12:30 AM", SpokenSlotTime.Of(At("2026-11-01T00:30:00-05:00"), Chicago));
        Assert.Equal("Sunday, November 1 at 2:00 AM", SpokenSlotTime.Of(At("2026-11-01T02:00:00-06:00"), Chicago));
    }

    [Fact]
    public void A_half_hour_change_repeats_only_its_half_hour()
    {
        // Lord Howe Island, 2026-04-05: clocks go back from 02:00 (+11:00) to 01:30 (+10:30).
        var lordHowe = TimeZoneInfo.FindSystemTimeZoneById("Australia/Lord_Howe");

        Assert.Equal("Sunday, April 5 at 1:45 AM (first time, daylight time)", SpokenSlotTime.Of(At("2026-04-05T01:45:00+11:00"), lordHowe));
        Assert.Equal(
            "Sunday, April 5 at 1:45 AM (second time, standard time, after the clocks go back)",
            SpokenSlotTime.Of(At("2026-04-05T01:45:00+10:30"), lordHowe));
        Assert.Equal("Sunday, April 5 at 1:15 AM", SpokenSlotTime.Of(At("2026-04-05T01:15:00+11:00"), lordHowe));
    }
}
