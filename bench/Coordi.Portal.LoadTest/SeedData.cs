using Coordi.Testing;

namespace Coordi.Portal.LoadTest;

public sealed record CallRow(
    Guid Id, string Sid, string From, string To, string Status, string? Outcome, DateTime StartedAt, DateTime? EndedAt,
    int DurationSeconds, string Summary, string? RecordingRef, int? FirstGreetingMs, int? ResponseP50Ms, int? ResponseP95Ms, int TurnsMeasured);

public sealed record TurnRow(Guid Id, Guid CallId, int Sequence, string Speaker, string Text, DateTime OccurredAt);

public sealed record ToolRow(Guid Id, Guid CallId, string ToolCallId, string Name, string ArgumentsJson, string ResultJson, DateTime StartedAt, int DurationMs);

public sealed record LeadRow(
    Guid Id, string RequestId, string Name, string Phone, string Email, string Address, string Service, string Urgency,
    string Notes, string Status, Guid? CallId, string Source, DateTime CreatedAt, DateTime UpdatedAt);

public sealed record LeadChangeRow(Guid Id, Guid LeadId, string Field, string OldValue, string NewValue, string ChangedBy, DateTime ChangedAt);

public sealed record AppointmentRow(Guid Id, string RequestId, Guid LeadId, Guid? CallId, DateTime StartsAt, DateTime EndsAt, string Notes, DateTime CreatedAt);

/// <summary>
/// One organization's history over the last 30 days, shaped like what the voice edge and the portal write through
/// the core: mostly completed calls with outcomes, transcripts on some, tool invocations where a lead or booking
/// was made, leads from calls and typed in by hand in every status, and booked estimate visits.
/// </summary>
public sealed class SeedData
{
    private static readonly string[] FirstNames = ["Dana", "Luis", "Priya", "Marcus", "Jen", "Tomás", "Aisha", "Kevin", "Mei", "Owen", "Rosa", "Sam"];
    private static readonly string[] LastNames = ["Smith", "Garcia", "Patel", "Nguyen", "Johnson", "Okafor", "Kowalski", "Reyes", "Chen", "Brooks"];
    private static readonly string[] Services = ["Leak repair", "Water heater replacement", "Drain cleaning", "Re-piping", "Fixture installation"];
    private static readonly string[] Streets = ["Congress Ave", "Duval St", "Lamar Blvd", "Guadalupe St", "Burnet Rd", "Manor Rd"];
    private static readonly string[] LeadStatuses = ["New", "New", "New", "New", "Contacted", "Contacted", "Booked", "Booked", "Won", "Lost"];
    private static readonly string[] Urgencies = ["Low", "Normal", "Normal", "High", "Emergency"];
    private static readonly string[] Outcomes = ["Lead", "Lead", "Booked", "Information", "Information", "Information", "Escalated", "Spam", "Abandoned", "Voicemail"];
    private static readonly (string Speaker, string Text)[] Script =
    [
        ("Agent", "Thanks for calling, this is Riley. How can I help with your plumbing today?"),
        ("Caller", "Hi, my water heater is leaking all over the garage floor."),
        ("Agent", "I'm sorry to hear that. Is the water still running, and can you reach the shut-off valve on top of the tank?"),
        ("Caller", "I turned the valve off, it's just dripping now."),
        ("Agent", "Good, that stops the worst of it. May I have your name and the service address?"),
        ("Caller", "It's Dana, 4410 Duval Street, 78751."),
        ("Agent", "Thank you. I can have a technician there tomorrow between 8 and 10 am. Does that work?"),
        ("Caller", "Yes, that's perfect, thank you."),
        ("Agent", "You're booked. You'll get a text confirmation shortly. Anything else I can help with?"),
        ("Caller", "No, that's all. Thanks!"),
    ];

    public List<CallRow> Calls { get; } = [];
    public List<TurnRow> Turns { get; } = [];
    public List<ToolRow> Tools { get; } = [];
    public List<LeadRow> Leads { get; } = [];
    public List<LeadChangeRow> LeadChanges { get; } = [];
    public List<AppointmentRow> Appointments { get; } = [];

    public static SeedData Generate(Guid tenantId, int calls, int leads, DateTime now, int seed)
    {
        var random = new Random(seed);
        var data = new SeedData();
        var window = TimeSpan.FromDays(30);
        var callsWithLead = new List<CallRow>();
        for (var i = 0; i < calls; i++)
        {
            // Oldest first, evenly over the window with some jitter; the newest few are still in progress.
            var startedAt = now - window + window * ((i + random.NextDouble()) / Math.Max(calls, 1)) - TimeSpan.FromMinutes(5);
            var call = data.AddCall(tenantId, random, startedAt, inProgress: i >= calls - 2);
            if (call.Outcome is "Lead" or "Booked")
            {
                callsWithLead.Add(call);
            }
        }

        var appointmentSlot = now.Date.AddDays(1).AddHours(13);
        for (var i = 0; i < leads; i++)
        {
            var fromCall = i < callsWithLead.Count && i % 3 != 2 ? callsWithLead[i] : null;
            var createdAt = fromCall?.StartedAt.AddSeconds(40 + random.Next(60)) ?? now - window * random.NextDouble();
            var lead = data.AddLead(random, fromCall, createdAt, i);
            if (lead.Status == "Booked" || fromCall?.Outcome == "Booked")
            {
                // One hour visits, one after another, so none overlaps (the database refuses overlapping bookings).
                data.Appointments.Add(new AppointmentRow(Guid.CreateVersion7(createdAt.AddMinutes(2)), $"{lead.Id}:book", lead.Id, fromCall?.Id,
                    appointmentSlot, appointmentSlot.AddHours(1), "Estimate visit.", createdAt.AddMinutes(2)));
                appointmentSlot = appointmentSlot.AddMinutes(90);
            }
        }

        return data;
    }

    private CallRow AddCall(Guid tenantId, Random random, DateTime startedAt, bool inProgress)
    {
        var id = Guid.CreateVersion7(startedAt);
        var roll = random.Next(100);
        var status = inProgress ? "InProgress" : roll < 84 ? "Completed" : roll < 96 ? "Missed" : "Failed";
        var outcome = status switch
        {
            "Completed" => Outcomes[random.Next(Outcomes.Length)],
            "Missed" => random.Next(2) == 0 ? "Voicemail" : null,
            _ => null,
        };
        var completed = status == "Completed";
        var duration = completed ? 30 + random.Next(400) : 0;
        var call = new CallRow(id, TestData.CallSid(), TestData.UsNumber(), "+15125550100", status, outcome, startedAt,
            inProgress ? null : startedAt.AddSeconds(Math.Max(duration, 5)), duration,
            completed ? $"Caller asked about {Services[random.Next(Services.Length)].ToLowerInvariant()}; outcome {outcome?.ToLowerInvariant()}." : "",
            completed ? $"local:{tenantId:N}/{id:N}.wav" : null,
            completed ? 500 + random.Next(400) : null, completed ? 600 + random.Next(300) : null, completed ? 1000 + random.Next(500) : null,
            completed ? 4 + random.Next(6) : 0);
        Calls.Add(call);

        // Transcripts on a good share of the answered calls (older calls were recorded before transcripts were kept).
        if (completed && random.Next(100) < 45)
        {
            var turns = 6 + random.Next(Script.Length - 5);
            for (var t = 0; t < turns; t++)
            {
                var at = startedAt.AddSeconds(1 + 6 * t);
                Turns.Add(new TurnRow(Guid.CreateVersion7(at), id, t, Script[t].Speaker, Script[t].Text, at));
            }
        }

        if (outcome is "Lead" or "Booked")
        {
            var at = startedAt.AddSeconds(35);
            Tools.Add(new ToolRow(Guid.CreateVersion7(at), id, "call_" + Convert.ToHexStringLower(id.ToByteArray())[..24], "create_lead",
                "{\"name\":\"Dana Smith\",\"service\":\"Leak repair\"}", "{\"ok\":true}", at, 40 + random.Next(120)));
            if (outcome == "Booked")
            {
                at = at.AddSeconds(20);
                Tools.Add(new ToolRow(Guid.CreateVersion7(at), id, "call_book_" + Convert.ToHexStringLower(id.ToByteArray())[..19], "book_appointment",
                    "{\"starts_at\":\"2026-11-28T14:00:00Z\"}", "{\"ok\":true}", at, 60 + random.Next(200)));
            }
        }

        return call;
    }

    private LeadRow AddLead(Random random, CallRow? call, DateTime createdAt, int index)
    {
        var id = Guid.CreateVersion7(createdAt);
        var first = FirstNames[random.Next(FirstNames.Length)];
        var last = LastNames[random.Next(LastNames.Length)];
        var status = call?.Outcome == "Booked" ? "Booked" : LeadStatuses[random.Next(LeadStatuses.Length)];
        var updatedAt = status == "New" ? createdAt : createdAt.AddHours(1 + random.Next(48));
        var lead = new LeadRow(id, call is null ? Guid.NewGuid().ToString() : $"{call.Id}:tool-1", $"{first} {last}",
            call?.From ?? TestData.UsNumber(), $"{first.ToLowerInvariant()}.{last.ToLowerInvariant()}{index}@example.com",
            $"{100 + random.Next(9000)} {Streets[random.Next(Streets.Length)]}, Austin, TX 787{random.Next(10, 60)}",
            Services[random.Next(Services.Length)], Urgencies[random.Next(Urgencies.Length)],
            call is null ? "Called the office line, entered by hand." : "", status, call?.Id, call is null ? "portal" : "call", createdAt, updatedAt);
        Leads.Add(lead);
        if (status != "New")
        {
            LeadChanges.Add(new LeadChangeRow(Guid.CreateVersion7(updatedAt), id, "status", "New", status, "owner@example.com", updatedAt));
        }

        return lead;
    }
}
