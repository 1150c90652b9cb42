using Coordi.Core.Model;
using NodaTime;

namespace Coordi.Core.Application;

/// <summary>
/// Bookable estimate slots. Hours are wall-clock times in the business's zone, so a 09:00 opening stays
/// 09:00 local on both sides of a DST change; slots that fall into a spring-forward gap do not exist.
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

    /// <summary>Every slot the hours allow in [from, to), before lead time, bookings and caps are applied.</summary>
    public static IEnumerable<Slot> CandidateSlots(DateTimeZone zone, IReadOnlyList<DailyHours> weeklyHours, BookingRules rules, Instant from, Instant to)
    {
        var length = Duration.FromMinutes(rules.SlotMinutes);
        var lastDate = to.InZone(zone).Date;
        for (var date = from.InZone(zone).Date; date <= lastDate; date = date.PlusDays(1))
        {
            var isoDay = (int)date.DayOfWeek;
            foreach (var window in weeklyHours.Where(h => h.DayOfWeek == isoDay).OrderBy(h => h.OpenMinute))
            {
                for (var minute = window.OpenMinute; minute + rules.SlotMinutes <= window.CloseMinute; minute += rules.SlotMinutes)
                {
                    var mapping = zone.MapLocal(date.At(LocalTime.Midnight.PlusMinutes(minute)));
                    if (mapping.Count == 0)
                    {
                        continue; // skipped by a spring-forward change: this wall-clock time never happens
                    }

                    var start = mapping.First(); // in a fall-back overlap, the earlier of the two instants
                    var slot = new Slot(start.ToInstant(), start.ToInstant() + length, start);
                    if (slot.Start >= from && slot.Start < to)
                    {
                        yield return slot;
                    }
                }
            }
        }
    }

    private static bool Overlaps(Slot slot, IReadOnlyList<Booking> bookings) =>
        bookings.Any(b => b.Start < slot.End && slot.Start < b.End);
}
