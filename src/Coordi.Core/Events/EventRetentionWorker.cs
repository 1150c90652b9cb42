using Microsoft.Extensions.Options;

namespace Coordi.Core.Events;

/// <summary>Runs <see cref="EventRetention"/> on every instance at the configured interval.</summary>
public sealed class EventRetentionWorker(EventRetention retention, IOptions<EventStreamOptions> options, TimeProvider clock, ILogger<EventRetentionWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RetentionSweepInterval, clock);
        try
        {
            do
            {
                try
                {
                    await retention.SweepAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(ex, "Deleting events past retention failed; trying again at the next sweep");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
