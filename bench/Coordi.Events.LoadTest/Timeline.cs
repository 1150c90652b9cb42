using System.Diagnostics;

namespace Coordi.Events.LoadTest;

/// <summary>Writes answered and first arrivals on each path, per slice of time from the window's start: shows a backlog growing.</summary>
public sealed record TimelineRow(double FromSeconds, double ToSeconds, long Writes, long Stream, long Webhook);

public static class Timeline
{
    public static IReadOnlyList<TimelineRow> Build(WriteLedger ledger, long windowStart, TimeSpan slice)
    {
        var writes = new SortedDictionary<int, long>();
        var stream = new SortedDictionary<int, long>();
        var webhook = new SortedDictionary<int, long>();
        var lastSlice = 0;
        for (var i = 0; i < ledger.Count; i++)
        {
            ref readonly var r = ref ledger[i];
            if (r.Warmup || r.ReturnedAt == 0)
            {
                continue;
            }

            lastSlice = Math.Max(lastSlice, Add(writes, r.ReturnedAt));
            if (r.StreamAt != 0)
            {
                lastSlice = Math.Max(lastSlice, Add(stream, r.StreamAt));
            }

            if (r.WebhookAt != 0)
            {
                lastSlice = Math.Max(lastSlice, Add(webhook, r.WebhookAt));
            }
        }

        return Enumerable.Range(0, lastSlice + 1)
            .Select(s => new TimelineRow(s * slice.TotalSeconds, (s + 1) * slice.TotalSeconds,
                writes.GetValueOrDefault(s), stream.GetValueOrDefault(s), webhook.GetValueOrDefault(s)))
            .ToList();

        int Add(SortedDictionary<int, long> counts, long at)
        {
            var index = Math.Max(0, (int)(Stopwatch.GetElapsedTime(windowStart, at) / slice));
            counts[index] = counts.GetValueOrDefault(index) + 1;
            return index;
        }
    }
}
