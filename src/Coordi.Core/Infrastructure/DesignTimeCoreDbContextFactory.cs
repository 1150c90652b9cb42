using Coordi.MultiTenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Coordi.Core.Infrastructure;

/// <summary>Lets dotnet-ef build the model without starting the service.</summary>
public sealed class DesignTimeCoreDbContextFactory : IDesignTimeDbContextFactory<CoreDbContext>
{
    public CoreDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<CoreDbContext>()
            .UseNpgsql("Host=127.0.0.1;Port=55432;Database=coordi;Username=postgres", npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention()
            .Options;
        return new CoreDbContext(options, new TenantContextAccessor());
    }
}
