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

app.Run();
