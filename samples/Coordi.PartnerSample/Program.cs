using Coordi.Contracts.V1;
using Coordi.PartnerSample;

// Usage: COORDI_API_KEY=cdk_... dotnet run --project samples/Coordi.PartnerSample [-- <core address>]
// Lists the organization's leads, then follows its event stream, resuming from the cursor saved in
// coordi-cursor.txt after every disconnect. Ctrl+C stops it.
var address = args.Length > 0 ? args[0] : Environment.GetEnvironmentVariable("COORDI_ADDRESS") ?? "https://api.coordi.app";
var apiKey = Environment.GetEnvironmentVariable("COORDI_API_KEY")
    ?? throw new InvalidOperationException("Set COORDI_API_KEY to a partner API key (cdk_...).");

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

using var channel = PartnerChannel.Create(new Uri(address), apiKey);
await LeadLister.PrintAllAsync(new LeadService.LeadServiceClient(channel), stop.Token);

var follower = new EventFollower(new EventService.EventServiceClient(channel), new CursorFile("coordi-cursor.txt"));
try
{
    await follower.FollowAsync(e => Console.WriteLine($"#{e.Cursor} {e.OccurredAt.ToDateTime():u} {e.Type} {Describe(e)}"), stop.Token);
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
}

static string Describe(ChangeEvent e) => e.SubjectCase switch
{
    ChangeEvent.SubjectOneofCase.Lead => $"lead {e.Lead.Id} {e.Lead.Name} ({e.Lead.Status})",
    ChangeEvent.SubjectOneofCase.Call => $"call {e.Call.Id} from {e.Call.FromNumber} ({e.Call.Status})",
    ChangeEvent.SubjectOneofCase.Appointment => $"appointment {e.Appointment.Id} at {e.Appointment.LocalStart} ({e.Appointment.Status})",
    _ => "",
};
