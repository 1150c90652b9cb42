using Coordi.Core.Model;
using NodaTime;

namespace Coordi.Core.Application;

/// <summary>
/// Bookable estimate slots. Hours are wall-clock times in the business's zone, so a 09:00 opening stays
/// 09:00 local on both sides of a DST change; slots that fall into a spring-forward gap do not exist, and a
/// wall-clock time the autumn change repeats is two slots, one per occurrence (docs/decisions/021).
/// A slot is identified by its instant; its local start carries the offset, so the two occurrences differ.
/// </summary>
public static class AvailabilityCalculator
{
    public sealed record Booking(Instant Start, Instant End);

    public sealed record Slot(Instant Start, Instant End, ZonedDateTime LocalStart);

    public sealed record Request(
        DateTimeZone Zone,
        IReadOnlyList<DailyHours> WeeklyHours,
        BookingRules Rules,
        Instant Now,
        Instant From,
        Instant To,
        IReadOnlyList<Booking> Bookings,
        int MaxSlots);

    public static IReadOnlyList<Slot> FreeSlots(Request request)
    {
        var slots = new List<Slot>();
        var earliest = request.Now + Duration.FromMinutes(request.Rules.LeadTimeMinutes);
        var bookingsPerDay = request.Bookings
            .GroupBy(b => b.Start.InZone(request.Zone).Date)
            .ToDictionary(g => g.Key, g => g.Count());

        foreach (var slot in CandidateSlots(request.Zone, request.WeeklyHours, request.Rules, request.From, request.To))
        {
            if (slot.Start < earliest || Overlaps(slot, request.Bookings))
            {
                continue;
            }

            var day = slot.LocalStart.Date;
            if (request.Rules.DailyCap > 0 && bookingsPerDay.GetValueOrDefault(day) >= request.Rules.DailyCap)
            {
                continue;
            }

            slots.Add(slot);
            if (slots.Count >= request.MaxSlots)
            {
                break;
            }
        }

        return slots;
    }

    /// <summary>Every slot the hours allow in [from, to), before lead time, bookings and caps are applied, soonest first.</summary>
    public static IEnumerable<Slot> CandidateSlots(DateTimeZone zone, IReadOnlyList<DailyHours> weeklyHours, BookingRules rules, Instant from, Instant to)
    {
        var lastDate = to.InZone(zone).Date;
        for (var date = from.InZone(zone).Date; date <= lastDate; date = date.PlusDays(1))
        {
            // Sorted by instant: the second occurrence of a repeated time comes after every first occurrence
            // of that hour, not straight after its twin.
            foreach (var slot in SlotsOn(zone, date, weeklyHours, rules).OrderBy(s => s.Start))
            {
                if (slot.Start >= from && slot.Start < to)
                {
                    yield return slot;
                }
            }
        }
    }

    private static IEnumerable<Slot> SlotsOn(DateTimeZone zone, LocalDate date, IReadOnlyList<DailyHours> weeklyHours, BookingRules rules)
    {
        var length = Duration.FromMinutes(rules.SlotMinutes);
        var isoDay = (int)date.DayOfWeek;
        foreach (var window in weeklyHours.Where(h => h.DayOfWeek == isoDay))
        {
            for (var minute = window.OpenMinute; minute + rules.SlotMinutes <= window.CloseMinute; minute += rules.SlotMinutes)
            {
                // No occurrence in a spring-forward gap (that wall-clock time never happens), two in a fall-back
                // overlap (the business's clock shows it twice, and both times the business is open).
                var mapping = zone.MapLocal(date.At(LocalTime.Midnight.PlusMinutes(minute)));
                if (mapping.Count > 0)
                {
                    yield return new Slot(mapping.First().ToInstant(), mapping.First().ToInstant() + length, mapping.First());
                }

                if (mapping.Count > 1)
                {
                    yield return new Slot(mapping.Last().ToInstant(), mapping.Last().ToInstant() + length, mapping.Last());
                }
            }
        }
    }

    private static bool Overlaps(Slot slot, IReadOnlyList<Booking> bookings) =>
        bookings.Any(b => b.Start < slot.End && slot.Start < b.End);
}
