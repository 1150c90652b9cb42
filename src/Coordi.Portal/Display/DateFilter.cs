using Coordi.Contracts.V1;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using NodaTime;

namespace Coordi.Portal.Display;

/// <summary>A "from / to" pair of local dates from a filter form, as the core's half-open range of instants.</summary>
public static class DateFilter
{
    // Well inside the span of instants the core accepts (1900-2199), after the zone's offset and the day added to
    // "to": year 1 or 9999 would overflow the date arithmetic instead of finding nothing.
    private static readonly LocalDate Earliest = new(1900, 1, 1);
    private static readonly LocalDate Latest = new(2100, 12, 31);

    public static TimeRange? Range(string? from, string? to, OrganizationTime time, ModelStateDictionary modelState)
    {
        var start = InSpan(OrganizationTime.ParseDate(from));
        var end = InSpan(OrganizationTime.ParseDate(to));
        if (!string.IsNullOrEmpty(from) && start is null)
        {
            modelState.AddModelError("from", "Enter the start date as YYYY-MM-DD, between 1900 and 2100.");
        }

        if (!string.IsNullOrEmpty(to) && end is null)
        {
            modelState.AddModelError("to", "Enter the end date as YYYY-MM-DD, between 1900 and 2100.");
        }

        if (start is not null && end is not null && end < start)
        {
            modelState.AddModelError("to", "The end date must not be before the start date.");
        }

        if (start is null && end is null)
        {
            return null;
        }

        var range = new TimeRange();
        if (start is { } s)
        {
            range.Start = time.StartOf(s);
        }

        if (end is { } e)
        {
            // "To" is inclusive for people: the range ends at the start of the following day.
            range.End = time.StartOf(e.PlusDays(1));
        }

        return range;
    }

    private static LocalDate? InSpan(LocalDate? date) => date is { } d && d >= Earliest && d <= Latest ? d : null;
}
