using Coordi.Portal.LoadTest;

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

// The portal and the core trace their own requests; the load clients start no activity of their own.
AppContext.SetSwitch("System.Net.Http.EnableActivityPropagation", false);

// Ctrl+C ends the load early but still stops the services and deletes the throw-away database.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

Console.Error.WriteLine("Starting PostgreSQL, the core and the portal...");
await using var stack = await PortalStack.StartAsync();
using var session = new PortalSession(stack.PortalAddress);

Console.Error.WriteLine($"Seeding one organization with {options.Calls} calls and {options.Leads} leads, and {options.Neighbours} neighbours...");
var seeder = new Seeder(stack);
var seeded = await seeder.SeedAsync(session, options);
await stack.AnalyzeAsync();
if (options.Hold)
{
    Console.Error.WriteLine($"Core database: {stack.CoreConnectionString}");
    Console.Error.WriteLine($"Portal: {stack.PortalAddress} (sign in as {seeder.OwnerEmail}, password '{Seeder.OwnerPassword}')");
    Console.Error.WriteLine("Press Enter to start the load.");
    await Console.In.ReadLineAsync(stop.Token);
}

var pages = await Pages.ForAsync(session);
if (options.Pages is { } names)
{
    pages = pages.Where(p => names.Contains(p.Name, StringComparer.OrdinalIgnoreCase)).ToList();
}

var loadBefore = Report.LoadAverage();
Console.Error.WriteLine($"Load average before: {loadBefore}");
var results = new List<PageResult>();
// Every page is warmed up before any is measured, so no row measures code the JIT is still recompiling
// because of a page that came later.
for (var round = 0; round < 2 && options.Warmup > 0; round++)
{
    foreach (var page in pages.TakeWhile(_ => !stop.IsCancellationRequested))
    {
        await PageLoad.RunAsync(session, stack.Timings, page, options.Warmup, options.Clients.Max(), stop.Token);
    }
}

foreach (var page in pages.TakeWhile(_ => !stop.IsCancellationRequested))
{
    foreach (var clients in options.Clients.TakeWhile(_ => !stop.IsCancellationRequested))
    {
        var result = await PageLoad.RunAsync(session, stack.Timings, page, options.Requests, clients, stop.Token);
        results.Add(result);
        Console.Error.WriteLine($"{page.Name} x{clients}: {result.RequestsPerSecond:F1} req/s, p50 {Report.P(result.ClientMs, 50):F1} ms, p95 {Report.P(result.ClientMs, 95):F1} ms, "
            + $"p99 {Report.P(result.ClientMs, 99):F1} ms; server p95 {Report.P(result.ServerMs, 95):F1} ms; {result.Failed} errors{(result.FirstError is null ? "" : $" (first: {result.FirstError})")}");
    }
}

if (stop.IsCancellationRequested)
{
    Console.Error.WriteLine("Stopped before the end; no report written.");
    return 130;
}

var loadAfter = Report.LoadAverage();
var command = "dotnet bench/Coordi.Portal.LoadTest/bin/Release/net10.0/Coordi.Portal.LoadTest.dll" + (args.Length == 0 ? "" : " " + string.Join(' ', args));
var document = Report.Document(options, command, seeded, results, loadBefore, loadAfter);
Console.WriteLine(document);

var output = options.Output ?? Path.Combine(Repository.Root(), "bench", "results", "portal-load.md");
if (output != "-")
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
    await File.WriteAllTextAsync(output, document);
    Console.Error.WriteLine($"Wrote {output}");
}

return results.Any(r => r.Succeeded == 0) ? 1 : 0;
