using Npgsql;

namespace Coordi.Core.Infrastructure;

/// <summary>
/// The core's two connection pools on one database: one for requests, and a small one of its own for the background
/// workers (webhook deliveries, event notifications), so a burst of requests queued for connections never stalls
/// delivery, and the workers never take the connections requests need.
/// </summary>
public static class CoreDataSources
{
    /// <summary>The service key of the workers' <see cref="NpgsqlDataSource"/>.</summary>
    public const string Workers = "workers";

    /// <summary>Connections of the workers' pool: the webhook worker's parallel deliveries, its claim, the listener and the publisher.</summary>
    public const int WorkerPoolSize = 32;

    // Statements run this often on a connection are prepared on it: the server then skips parsing and planning them.
    private const int AutoPreparedStatements = 64;

    public static NpgsqlDataSource ForRequests(string connectionString) => Build(connectionString, poolSize: null, "coordi-core");

    public static NpgsqlDataSource ForWorkers(string connectionString) => Build(connectionString, WorkerPoolSize, "coordi-core-workers");

    private static NpgsqlDataSource Build(string connectionString, int? poolSize, string applicationName)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        var settings = builder.ConnectionStringBuilder;
        // Npgsql's builder knows every keyword, set or not; which ones were written is read from the string itself.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys
            .Cast<string>().Select(k => k.Replace(" ", "", StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        // Settings given in the connection string win; these are only the defaults.
        if (!given.Contains(nameof(settings.MaxAutoPrepare)))
        {
            settings.MaxAutoPrepare = AutoPreparedStatements;
        }

        // No session state is set on a connection, so returning one to the pool needs no reset statements; they
        // would otherwise run before the next command of every request.
        if (!given.Contains(nameof(settings.NoResetOnClose)))
        {
            settings.NoResetOnClose = true;
        }

        if (!given.Contains(nameof(settings.ApplicationName)))
        {
            settings.ApplicationName = applicationName;
        }

        if (poolSize is { } size)
        {
            settings.MaxPoolSize = size;
            settings.MinPoolSize = 0;
        }

        return builder.ConfigureTracing(_ => { }).Build();
    }
}
