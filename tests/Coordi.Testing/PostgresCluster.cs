using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Coordi.Testing;

/// <summary>
/// A throw-away PostgreSQL cluster for one test run: initdb into a temporary folder, start on a free
/// loopback port with durability off (fast), delete on dispose. As root, the server runs as "postgres",
/// because initdb refuses root.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _dataDir;

    private PostgresCluster(string bin, string dataDir, int port)
    {
        _bin = bin;
        _dataDir = dataDir;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "postgres",
            Database = database,
            Pooling = true,
            MaxPoolSize = 200,
            Timeout = 15,
        }.ConnectionString;

    public static async Task<PostgresCluster> StartAsync(string? dataDir = null, int? port = null)
    {
        var bin = FindBinaries();
        dataDir ??= Path.Combine(Path.GetTempPath(), "coordi-pg-" + Guid.NewGuid().ToString("N")[..12]);
        var cluster = new PostgresCluster(bin, dataDir, port ?? FreePort());
        await cluster.InitAndStartAsync();
        return cluster;
    }

    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await RunAsync("pg_ctl", $"-D \"{_dataDir}\" -m immediate -w stop", ignoreFailure: true);
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; the next run uses a new one.
        }
    }

    private async Task InitAndStartAsync()
    {
        Directory.CreateDirectory(_dataDir);
        if (Environment.IsPrivilegedProcess)
        {
            await Exec("chown", $"postgres:postgres \"{_dataDir}\"");
        }

        await RunAsync("initdb", $"-D \"{_dataDir}\" --auth=trust -U postgres --no-sync -E UTF8 --locale=C.UTF-8");
        var options = $"-p {Port} -k {_dataDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300";
        await RunAsync("pg_ctl", $"-D \"{_dataDir}\" -l \"{_dataDir}/server.log\" -o \"{options}\" -w -t 60 start");
    }

    private Task RunAsync(string tool, string arguments, bool ignoreFailure = false)
    {
        var path = Path.Combine(_bin, tool);
        return Environment.IsPrivilegedProcess
            ? Exec("runuser", $"-u postgres -- {path} {arguments}", ignoreFailure)
            : Exec(path, arguments, ignoreFailure);
    }

    private static async Task Exec(string file, string arguments, bool ignoreFailure = false)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 && !ignoreFailure)
        {
            throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {await stderr}{await stdout}");
        }
    }

    private static string FindBinaries()
    {
        var configured = Environment.GetEnvironmentVariable("COORDI_PG_BIN");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
            : [];
        return candidates.OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).FirstOrDefault()
            ?? throw new InvalidOperationException("PostgreSQL server binaries were not found under /usr/lib/postgresql; install the 'postgresql' package or set COORDI_PG_BIN.");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
