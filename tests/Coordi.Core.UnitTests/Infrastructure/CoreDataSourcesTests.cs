using Coordi.Core.Infrastructure;
using Npgsql;

namespace Coordi.Core.UnitTests.Infrastructure;

public sealed class CoreDataSourcesTests
{
    private const string Plain = "Host=db;Database=coordi;Username=coordi";

    [Fact]
    public void Requests_get_prepared_statements_no_reset_and_a_name_by_default()
    {
        using var source = CoreDataSources.ForRequests(Plain);
        var settings = new NpgsqlConnectionStringBuilder(source.ConnectionString);

        Assert.Equal((64, true, "coordi-core"), (settings.MaxAutoPrepare, settings.NoResetOnClose, settings.ApplicationName));
        Assert.Equal(100, settings.MaxPoolSize);
    }

    [Fact]
    public void The_workers_pool_is_small_and_named_apart()
    {
        using var source = CoreDataSources.ForWorkers(Plain + ";Maximum Pool Size=300");
        var settings = new NpgsqlConnectionStringBuilder(source.ConnectionString);

        Assert.Equal((CoreDataSources.WorkerPoolSize, "coordi-core-workers"), (settings.MaxPoolSize, settings.ApplicationName));
    }

    [Theory]
    [InlineData("Max Auto Prepare=0;No Reset On Close=false;Application Name=ops")]
    [InlineData("MaxAutoPrepare=0;NoResetOnClose=false;ApplicationName=ops")]
    public void Settings_written_in_the_connection_string_are_kept(string given)
    {
        using var source = CoreDataSources.ForRequests(Plain + ";" + given);
        var settings = new NpgsqlConnectionStringBuilder(source.ConnectionString);

        Assert.Equal((0, false, "ops"), (settings.MaxAutoPrepare, settings.NoResetOnClose, settings.ApplicationName));
    }
}
