using Coordi.Portal.Demo;
using Coordi.Portal.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddApplicationServices();

var app = builder.Build();
app.MapApplication();

// "--migrate-only" is the deploy's migration job; "--migrate" also starts serving (local stack).
if (args.Contains("--migrate-only") || args.Contains("--migrate"))
{
    await app.MigrateDatabaseAsync();
    if (args.Contains("--migrate-only"))
    {
        return;
    }
}

// "--seed-demo" (local stack) fills in a demo organization an owner can sign in to; a second run adds nothing.
if (args.Contains("--seed-demo"))
{
    await app.SeedDemoAsync();
}

app.Run();
