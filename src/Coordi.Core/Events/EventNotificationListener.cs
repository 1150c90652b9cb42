using Coordi.Core.Infrastructure;
using Npgsql;

namespace Coordi.Core.Events;

/// <summary>
/// Holds one LISTEN connection per instance and turns other instances' notifications of committed events into
/// <see cref="EventSignal"/> wake-ups. If the connection drops, everyone is woken (they re-read) and it reconnects.
/// </summary>
public sealed class EventNotificationListener([FromKeyedServices(CoreDataSources.Workers)] NpgsqlDataSource dataSource, EventSignal signal, EventPublisher publisher, ILogger<EventNotificationListener> logger)
    : BackgroundService
{
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) =>
                {
                    if (publisher.TryParse(e.Payload, out var tenantIds))
                    {
                        foreach (var tenantId in tenantIds)
                        {
                            signal.Notify(tenantId);
                        }
                    }
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {EventPublisher.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Events committed while no one was listening are found by the next read of the waiters.
                signal.NotifyAll();
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or System.IO.IOException or InvalidOperationException)
            {
                logger.LogWarning(ex, "Lost the event notification connection; reconnecting");
                signal.NotifyAll();
                try
                {
                    await Task.Delay(ReconnectDelay, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
