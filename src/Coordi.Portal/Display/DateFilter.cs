using Coordi.Contracts.V1;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Coordi.Portal.Display;

/// <summary>A "from / to" pair of local dates from a filter form, as the core's half-open range of instants.</summary>
public static class DateFilter
{
    public static TimeRange? Range(string? from, string? to, OrganizationTime time, ModelStateDictionary modelState)
    {
        var start = OrganizationTime.ParseDate(from);
        var end = OrganizationTime.ParseDate(to);
        if (!string.IsNullOrEmpty(from) && start is null)
        {
            modelState.AddModelError("from", "Enter the start date as YYYY-MM-DD.");
        }

        if (!string.IsNullOrEmpty(to) && end is null)
        {
            modelState.AddModelError("to", "Enter the end date as YYYY-MM-DD.");
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
}
