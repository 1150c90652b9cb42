using Coordi.Core.Application;
using Coordi.Core.Model;
using NodaTime;
using static Coordi.Core.Application.AvailabilityCalculator;

namespace Coordi.Core.UnitTests.Application;

public sealed class AvailabilityCalculatorTests
{
    private static readonly DateTimeZone Chicago = DateTimeZoneProviders.Tzdb["America/Chicago"];

    // 2026-11-02 is a Monday, after the autumn change (CST, UTC-6).
    private static readonly LocalDate Monday = new(2026, 11, 2);

    private const int Mon = 1;
    private const int Tue = 2;
    private const int Fri = 5;
    private const int Sun = 7;

    private static DailyHours Hours(int isoDay, int openHour, int closeHour, int openMinute = 0, int closeMinute = 0) =>
        new(isoDay, (openHour * 60) + openMinute, (closeHour * 60) + closeMinute);

    private static Instant Local(LocalDate date, int hour, int minute = 0) =>
        Chicago.AtStrictly(date.At(new LocalTime(hour, minute))).ToInstant();

    private static Instant Utc(int year, int month, int day, int hour, int minute = 0) =>
        Instant.FromUtc(year, month, day, hour, minute);

    private static Request Query(
        IReadOnlyList<DailyHours> hours,
        Instant from,
        Instant to,
        BookingRules? rules = null,
        Instant? now = null,
        IReadOnlyList<Booking>? bookings = null,
        int maxSlots = 100) =>
        new(Chicago, hours, rules ?? new BookingRules { SlotMinutes = 60, LeadTimeMinutes = 0 }, now ?? from, from, to, bookings ?? [], maxSlots);

    private static Request MondayQuery(IReadOnlyList<DailyHours> hours, BookingRules? rules = null, Instant? now = null, IReadOnlyList<Booking>? bookings = null, int maxSlots = 100) =>
        Query(hours, Local(Monday, 0), Local(Monday.PlusDays(1), 0), rules, now, bookings, maxSlots);

    private static IEnumerable<LocalTime> LocalStarts(IEnumerable<Slot> slots) => slots.Select(s => s.LocalStart.TimeOfDay);

    private static LocalTime At(int hour, int minute = 0) => new(hour, minute);

    [Fact]
    public void Slots_fill_the_opening_hours_back_to_back()
    {
        var slots = FreeSlots(MondayQuery([Hours(Mon, 9, 12)]));

        Assert.Equal([At(9), At(10), At(11)], LocalStarts(slots));
        Assert.All(slots, s => Assert.Equal(Duration.FromHours(1), s.End - s.Start));
        Assert.All(slots, s => Assert.Equal(Monday, s.LocalStart.Date));
        Assert.All(slots, s => Assert.Equal(Chicago, s.LocalStart.Zone));
        Assert.All(slots, s => Assert.Equal(s.Start, s.LocalStart.ToInstant()));
    }

    [Fact]
    public void Slots_are_aligned_to_the_slot_length_from_the_opening_time()
    {
        var rules = new BookingRules { SlotMinutes = 45, LeadTimeMinutes = 0 };

        var slots = FreeSlots(MondayQuery([Hours(Mon, 9, 12)], rules));

        Assert.Equal([At(9), At(9, 45), At(10, 30), At(11, 15)], LocalStarts(slots));
        Assert.All(slots, s => Assert.Equal(Duration.FromMinutes(45), s.End - s.Start));
    }

    [Fact]
    public void A_slot_that_would_run_past_closing_is_not_offered()
    {
        var slots = FreeSlots(MondayQuery([Hours(Mon, 9, 11, closeMinute: 30)]));

        Assert.Equal([At(9), At(10)], LocalStarts(slots));
    }

    [Fact]
    public void Hours_that_end_at_midnight_offer_the_last_hour_of_the_day()
    {
        var slots = FreeSlots(MondayQuery([Hours(Mon, 22, 24)]));

        Assert.Equal([At(22), At(23)], LocalStarts(slots));
        Assert.Equal(Local(Monday.PlusDays(1), 0), slots[^1].End);
    }

    [Fact]
    public void Days_without_hours_have_no_slots()
    {
        var from = Local(Monday, 0);
        var slots = FreeSlots(Query([Hours(Tue, 9, 11), Hours(Sun, 10, 11)], from, from + Duration.FromDays(7)));

        Assert.Equal(
            [Monday.PlusDays(1).At(At(9)), Monday.PlusDays(1).At(At(10)), Monday.PlusDays(6).At(At(10))],
            slots.Select(s => s.LocalStart.LocalDateTime));
    }

    [Fact]
    public void Lead_time_excludes_slots_that_start_too_soon()
    {
        var rules = new BookingRules { SlotMinutes = 60, LeadTimeMinutes = 90 };

        var slots = FreeSlots(MondayQuery([Hours(Mon, 9, 13)], rules, now: Local(Monday, 8, 45)));

        // Earliest bookable start is 10:15, so 09:00 and 10:00 are gone.
        Assert.Equal([At(11), At(12)], LocalStarts(slots));
    }

    [Fact]
    public void A_slot_starting_exactly_at_the_end_of_the_lead_time_is_offered()
    {
        var rules = new BookingRules { SlotMinutes = 60, LeadTimeMinutes = 120 };

        var slots = FreeSlots(MondayQuery([Hours(Mon, 9, 13)], rules, now: Local(Monday, 8)));

        Assert.Equal([At(10), At(11), At(12)], LocalStarts(slots));
    }

    [Fact]
    public void Bookings_remove_every_slot_they_overlap()
    {
        var booking = new Booking(Local(Monday, 10, 30), Local(Monday, 11, 30));

        var slots = FreeSlots(MondayQuery([Hours(Mon, 9, 13)], bookings: [booking]));

        Assert.Equal([At(9), At(12)], LocalStarts(slots));
    }

    [Fact]
    public void A_booking_that_only_touches_a_slot_does_not_remove_it()
    {
        var booking = new Booking(Local(Monday, 10), Local(Monday, 11));

        var slots = FreeSlots(MondayQuery([Hours(Mon, 9, 12)], bookings: [booking]));

        Assert.Equal([At(9), At(11)], LocalStarts(slots));
    }

    [Fact]
    public void Daily_cap_closes_the_whole_day_once_reached()
    {
        var rules = new BookingRules { SlotMinutes = 60, LeadTimeMinutes = 0, DailyCap = 2 };
        Booking[] bookings =
        [
            new(Local(Monday, 9), Local(Monday, 10)),
            new(Local(Monday, 15), Local(Monday, 16)),
        ];
        var from = Local(Monday, 0);

        var slots = FreeSlots(Query([Hours(Mon, 9, 17), Hours(Tue, 9, 11)], from, from + Duration.FromDays(2), rules, bookings: bookings));

        Assert.All(slots, s => Assert.Equal(Monday.PlusDays(1), s.LocalStart.Date));
        Assert.Equal([At(9), At(10)], LocalStarts(slots));
    }

    [Fact]
    public void Daily_cap_below_the_limit_leaves_the_day_open()
    {
        var rules = new BookingRules { SlotMinutes = 60, LeadTimeMinutes = 0, DailyCap = 2 };
        var bookings = new[] { new Booking(Local(Monday, 9), Local(Monday, 10)) };

        var slots = FreeSlots(MondayQuery([Hours(Mon, 9, 12)], rules, bookings: bookings));

        Assert.Equal([At(10), At(11)], LocalStarts(slots));
    }

    [Fact]
    public void Zero_daily_cap_means_no_cap()
    {
        var rules = new BookingRules { SlotMinutes = 60, LeadTimeMinutes = 0, DailyCap = 0 };
        var bookings = Enumerable.Range(0, 5).Select(h => new Booking(Local(Monday, h), Local(Monday, h) + Duration.FromMinutes(30))).ToList();

        var slots = FreeSlots(MondayQuery([Hours(Mon, 9, 11)], rules, bookings: bookings));

        Assert.Equal([At(9), At(10)], LocalStarts(slots));
    }

    [Fact]
    public void Daily_cap_counts_bookings_by_local_date_not_utc_date()
    {
        var rules = new BookingRules { SlotMinutes = 60, LeadTimeMinutes = 0, DailyCap = 1 };
        // 23:30 Monday in Chicago is already Tuesday in UTC; it belongs to Monday's cap.
        var lateMonday = new Booking(Local(Monday, 23, 30), Local(Monday, 23, 45));
        Assert.Equal(Monday.PlusDays(1), lateMonday.Start.InUtc().Date);
        var from = Local(Monday, 0);

        var slots = FreeSlots(Query([Hours(Mon, 9, 11), Hours(Tue, 9, 11)], from, from + Duration.FromDays(2), rules, bookings: [lateMonday]));

        Assert.All(slots, s => Assert.Equal(Monday.PlusDays(1), s.LocalStart.Date));
        Assert.Equal(2, slots.Count);
    }

    [Fact]
    public void Max_slots_returns_the_earliest_slots_only()
    {
        var slots = FreeSlots(MondayQuery([Hours(Mon, 9, 17)], maxSlots: 3));

        Assert.Equal([At(9), At(10), At(11)], LocalStarts(slots));
    }

    [Fact]
    public void From_is_inclusive_and_to_is_exclusive()
    {
        var slots = FreeSlots(Query([Hours(Mon, 9, 17)], Local(Monday, 10), Local(Monday, 13)));

        Assert.Equal([At(10), At(11), At(12)], LocalStarts(slots));
    }

    [Fact]
    public void A_slot_already_started_at_from_is_not_offered()
    {
        var slots = FreeSlots(Query([Hours(Mon, 9, 12)], Local(Monday, 9, 15), Local(Monday.PlusDays(1), 0)));

        Assert.Equal([At(10), At(11)], LocalStarts(slots));
    }

    [Fact]
    public void Range_spanning_days_in_utc_follows_local_dates()
    {
        // 00:00 UTC Tuesday is 18:00 Monday in Chicago; the range must still cover Monday evening.
        var slots = FreeSlots(Query([Hours(Mon, 18, 20)], Utc(2026, 11, 3, 0), Utc(2026, 11, 3, 2)));

        Assert.Equal([At(18), At(19)], LocalStarts(slots));
        Assert.All(slots, s => Assert.Equal(Monday, s.LocalStart.Date));
    }

    [Fact]
    public void Several_windows_on_one_day_are_offered_in_order()
    {
        var slots = FreeSlots(MondayQuery([Hours(Mon, 13, 15), Hours(Mon, 8, 10)]));

        Assert.Equal([At(8), At(9), At(13), At(14)], LocalStarts(slots));
        Assert.Equal(slots.OrderBy(s => s.Start).ToList(), slots);
    }

    [Fact]
    public void Opening_before_the_autumn_change_is_nine_local_in_daylight_time()
    {
        // Friday 2026-10-30: CDT, UTC-5.
        var friday = new LocalDate(2026, 10, 30);

        var slots = FreeSlots(Query([Hours(Fri, 9, 10)], Local(friday, 0), Local(friday.PlusDays(1), 0)));

        var slot = Assert.Single(slots);
        Assert.Equal(Utc(2026, 10, 30, 14), slot.Start);
        Assert.Equal(At(9), slot.LocalStart.TimeOfDay);
        Assert.Equal(Offset.FromHours(-5), slot.LocalStart.Offset);
    }

    [Fact]
    public void Opening_after_the_autumn_change_stays_nine_local_and_moves_an_hour_in_utc()
    {
        var slots = FreeSlots(MondayQuery([Hours(Mon, 9, 10)]));

        var slot = Assert.Single(slots);
        Assert.Equal(Utc(2026, 11, 2, 15), slot.Start);
        Assert.Equal(At(9), slot.LocalStart.TimeOfDay);
        Assert.Equal(Offset.FromHours(-6), slot.LocalStart.Offset);
    }

    [Fact]
    public void One_query_across_the_autumn_change_keeps_nine_local_on_both_sides()
    {
        var friday = new LocalDate(2026, 10, 30);

        var slots = FreeSlots(Query([Hours(Fri, 9, 10), Hours(Mon, 9, 10)], Local(friday, 0), Local(Monday.PlusDays(1), 0)));

        Assert.Equal([Utc(2026, 10, 30, 14), Utc(2026, 11, 2, 15)], slots.Select(s => s.Start));
        Assert.All(slots, s => Assert.Equal(At(9), s.LocalStart.TimeOfDay));
    }

    [Fact]
    public void One_query_across_the_spring_change_keeps_nine_local_on_both_sides()
    {
        // Friday 2026-03-06 is CST (UTC-6); Monday 2026-03-09 is CDT (UTC-5).
        var friday = new LocalDate(2026, 3, 6);
        var monday = new LocalDate(2026, 3, 9);

        var slots = FreeSlots(Query([Hours(Fri, 9, 10), Hours(Mon, 9, 10)], Local(friday, 0), Local(monday.PlusDays(1), 0)));

        Assert.Equal([Utc(2026, 3, 6, 15), Utc(2026, 3, 9, 14)], slots.Select(s => s.Start));
        Assert.All(slots, s => Assert.Equal(At(9), s.LocalStart.TimeOfDay));
    }

    [Fact]
    public void Spring_forward_day_skips_the_hour_that_does_not_exist()
    {
        // Sunday 2026-03-08: clocks jump from 02:00 CST to 03:00 CDT.
        var sunday = new LocalDate(2026, 3, 8);

        var slots = FreeSlots(Query([Hours(Sun, 1, 4)], Local(sunday, 0), Local(sunday.PlusDays(1), 0)));

        Assert.Equal([At(1), At(3)], LocalStarts(slots));
        Assert.Equal([Utc(2026, 3, 8, 7), Utc(2026, 3, 8, 8)], slots.Select(s => s.Start));
    }

    [Fact]
    public void Spring_forward_day_skips_every_short_slot_inside_the_gap()
    {
        var sunday = new LocalDate(2026, 3, 8);
        var rules = new BookingRules { SlotMinutes = 30, LeadTimeMinutes = 0 };

        var slots = FreeSlots(Query([Hours(Sun, 1, 4)], Local(sunday, 0), Local(sunday.PlusDays(1), 0), rules));

        Assert.Equal([At(1), At(1, 30), At(3), At(3, 30)], LocalStarts(slots));
        Assert.Equal(slots.Count, slots.Select(s => s.Start).Distinct().Count());
    }

    [Fact]
    public void Fall_back_day_offers_the_repeated_hour_at_both_occurrences()
    {
        // Sunday 2026-11-01: 01:00-02:00 happens twice, first in CDT (06:00 UTC) then in CST (07:00 UTC).
        var sunday = new LocalDate(2026, 11, 1);
        var from = Utc(2026, 11, 1, 4);

        var slots = FreeSlots(Query([Hours(Sun, 0, 3)], from, from + Duration.FromHours(24)));

        Assert.Equal([At(0), At(1), At(1), At(2)], LocalStarts(slots));
        Assert.Equal([Utc(2026, 11, 1, 5), Utc(2026, 11, 1, 6), Utc(2026, 11, 1, 7), Utc(2026, 11, 1, 8)], slots.Select(s => s.Start));
        Assert.Equal([Offset.FromHours(-5), Offset.FromHours(-6)], slots.Where(s => s.LocalStart.Hour == 1).Select(s => s.LocalStart.Offset));
        Assert.All(slots, s => Assert.Equal(sunday, s.LocalStart.Date));
        Assert.All(slots, s => Assert.Equal(Duration.FromHours(1), s.End - s.Start));
    }

    [Fact]
    public void Fall_back_day_offers_both_half_past_one_slots_in_time_order()
    {
        var sunday = new LocalDate(2026, 11, 1);
        var rules = new BookingRules { SlotMinutes = 30, LeadTimeMinutes = 0 };

        var slots = FreeSlots(Query([Hours(Sun, 1, 2)], Utc(2026, 11, 1, 0), Utc(2026, 11, 2, 0), rules));

        // Wall clock 01:00, 01:30 (CDT), then the clocks go back and 01:00, 01:30 (CST) come again.
        Assert.Equal([At(1), At(1, 30), At(1), At(1, 30)], LocalStarts(slots));
        Assert.Equal(
            [Utc(2026, 11, 1, 6), Utc(2026, 11, 1, 6, 30), Utc(2026, 11, 1, 7), Utc(2026, 11, 1, 7, 30)],
            slots.Select(s => s.Start));
        Assert.Equal(slots.Count, slots.Select(s => s.LocalStart).Distinct().Count());
        Assert.All(slots, s => Assert.Equal(sunday, s.LocalStart.Date));
    }

    [Fact]
    public void A_booking_at_the_first_half_past_one_leaves_the_second_free()
    {
        var rules = new BookingRules { SlotMinutes = 30, LeadTimeMinutes = 0 };
        var firstHalfPastOne = Utc(2026, 11, 1, 6, 30);
        var booking = new Booking(firstHalfPastOne, firstHalfPastOne + Duration.FromMinutes(30));

        var slots = FreeSlots(Query([Hours(Sun, 1, 2)], Utc(2026, 11, 1, 0), Utc(2026, 11, 2, 0), rules, bookings: [booking]));

        Assert.Equal([Utc(2026, 11, 1, 6), Utc(2026, 11, 1, 7), Utc(2026, 11, 1, 7, 30)], slots.Select(s => s.Start));
        Assert.Equal(Offset.FromHours(-6), slots.Single(s => s.LocalStart.TimeOfDay == At(1, 30)).LocalStart.Offset);
    }

    [Fact]
    public void Each_occurrence_of_a_repeated_time_is_a_candidate_found_by_its_own_instant()
    {
        var rules = new BookingRules { SlotMinutes = 30, LeadTimeMinutes = 0 };

        foreach (var start in new[] { Utc(2026, 11, 1, 6, 30), Utc(2026, 11, 1, 7, 30) })
        {
            var found = CandidateSlots(Chicago, [Hours(Sun, 1, 2)], rules, start, start + Duration.FromMinutes(1)).Single();

            Assert.Equal(start, found.Start);
            Assert.Equal(At(1, 30), found.LocalStart.TimeOfDay);
        }
    }

    [Fact]
    public void Spring_forward_gap_is_still_no_candidate_at_any_instant()
    {
        // 2026-03-08 02:30 never happens in Chicago; the instants either side belong to 01:30 CST and 03:30 CDT.
        var rules = new BookingRules { SlotMinutes = 30, LeadTimeMinutes = 0 };
        var from = Utc(2026, 3, 8, 7);

        var candidates = CandidateSlots(Chicago, [Hours(Sun, 2, 3)], rules, from, from + Duration.FromHours(3)).ToList();

        Assert.Empty(candidates);
    }

    [Fact]
    public void Slots_longer_than_the_repeated_hour_overlap_and_booking_one_removes_the_other()
    {
        // With 90-minute slots both 01:30s are real wall-clock slots, but they share 07:30-08:00 UTC.
        var rules = new BookingRules { SlotMinutes = 90, LeadTimeMinutes = 0 };
        var from = Utc(2026, 11, 1, 0);
        var to = Utc(2026, 11, 2, 0);

        var open = FreeSlots(Query([Hours(Sun, 0, 3)], from, to, rules));
        var first = open.Single(s => s.Start == Utc(2026, 11, 1, 6, 30));
        var afterBooking = FreeSlots(Query([Hours(Sun, 0, 3)], from, to, rules, bookings: [new Booking(first.Start, first.End)]));

        Assert.Equal([Utc(2026, 11, 1, 5), Utc(2026, 11, 1, 6, 30), Utc(2026, 11, 1, 7, 30)], open.Select(s => s.Start));
        Assert.Equal([Utc(2026, 11, 1, 5)], afterBooking.Select(s => s.Start));
    }

    [Fact]
    public void Both_occurrences_of_the_repeated_hour_count_towards_the_same_local_day()
    {
        // The fall-back Sunday lasts 25 hours; a booking at the second 01:30 (CST) is still Sunday's.
        var rules = new BookingRules { SlotMinutes = 30, LeadTimeMinutes = 0, DailyCap = 1 };
        var secondHalfPastOne = Utc(2026, 11, 1, 7, 30);
        var from = Utc(2026, 11, 1, 0);

        var slots = FreeSlots(Query(
            [Hours(Sun, 1, 2), Hours(Mon, 1, 2)], from, from + Duration.FromDays(2), rules,
            bookings: [new Booking(secondHalfPastOne, secondHalfPastOne + Duration.FromMinutes(30))]));

        Assert.All(slots, s => Assert.Equal(Monday, s.LocalStart.Date));
        Assert.Equal([At(1), At(1, 30)], LocalStarts(slots));
    }

    [Fact]
    public void A_half_hour_autumn_change_repeats_only_the_half_hour()
    {
        // Lord Howe Island: on 2026-04-05 clocks go back from 02:00 (+11:00) to 01:30 (+10:30).
        var lordHowe = DateTimeZoneProviders.Tzdb["Australia/Lord_Howe"];
        var sunday = new LocalDate(2026, 4, 5);
        var rules = new BookingRules { SlotMinutes = 30, LeadTimeMinutes = 0 };
        var from = lordHowe.AtStartOfDay(sunday).ToInstant();
        var request = new Request(lordHowe, [Hours(Sun, 1, 3)], rules, from, from, from + Duration.FromDays(1), [], 100);

        var slots = FreeSlots(request);

        Assert.Equal([At(1), At(1, 30), At(1, 30), At(2), At(2, 30)], LocalStarts(slots));
        Assert.Equal(
            [Offset.FromHours(11), Offset.FromHours(11), Offset.FromHoursAndMinutes(10, 30), Offset.FromHoursAndMinutes(10, 30), Offset.FromHoursAndMinutes(10, 30)],
            slots.Select(s => s.LocalStart.Offset));
        Assert.Equal(Duration.FromMinutes(30), slots[2].Start - slots[1].Start);
    }

    [Fact]
    public void Candidate_slots_ignore_lead_time_bookings_and_caps()
    {
        var rules = new BookingRules { SlotMinutes = 60, LeadTimeMinutes = 600, DailyCap = 1 };

        var candidates = CandidateSlots(Chicago, [Hours(Mon, 9, 12)], rules, Local(Monday, 0), Local(Monday.PlusDays(1), 0)).ToList();

        Assert.Equal([At(9), At(10), At(11)], LocalStarts(candidates));
    }
}
