using Coordi.Core.Infrastructure;
using Coordi.Core.Model;
using Coordi.MultiTenancy.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Coordi.Core.Billing;

/// <summary>
/// Sends unsent usage rows to Stripe's billing meter, oldest due first, retrying failures with growing
/// delays. Rows stay in the database until Stripe accepted them, so a restart resumes where it stopped;
/// a row sent but not yet marked (crash in between) is sent again and Stripe drops the duplicate by its
/// identifier. Several core instances share the queue: each row is locked while it is being sent.
/// </summary>
public sealed class UsageReporter(
    IServiceScopeFactory scopes,
    StripeGateway stripe,
    IOptions<BillingOptions> options,
    TimeProvider clock,
    ILogger<UsageReporter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!stripe.IsConfigured)
        {
            logger.LogInformation("Usage reporting is off: no Stripe secret key is configured");
            return;
        }

        var reporting = options.Value.UsageReporting;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                for (var i = 0; i < reporting.BatchSize && await ReportNextAsync(stoppingToken); i++)
                {
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be briefly unavailable; the rows wait for the next round.
                logger.LogWarning(ex, "Usage reporting round failed");
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(reporting.PollMilliseconds), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Sends one due row, if any. Returns whether there was one.</summary>
    internal async Task<bool> ReportNextAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The reporter works for every tenant, so it reads the queue across tenants; SKIP LOCKED lets another
        // instance take the next row instead of waiting for this one.
        var row = await db.UsageRecords
            .FromSql($"""
                SELECT * FROM usage_records
                WHERE reported_at IS NULL AND stripe_customer_id IS NOT NULL AND next_attempt_at <= {now}
                ORDER BY next_attempt_at
                LIMIT 1
                FOR UPDATE SKIP LOCKED
                """)
            .IgnoreQueryFilters([TenantDbContext.TenantFilterName])
            .AsNoTracking()
            .SingleOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return false;
        }

        var attempts = row.Attempts + 1;
        try
        {
            await stripe.ReportUsageAsync(row.StripeCustomerId!, row.CallId, row.BillableMinutes, row.OccurredAt, cancellationToken);
            await db.Database.ExecuteSqlAsync(
                $"UPDATE usage_records SET reported_at = {clock.GetUtcNow().UtcDateTime}, attempts = {attempts}, last_error = NULL WHERE id = {row.Id}",
                cancellationToken);
            logger.LogInformation("Reported {Minutes} billable minutes of call {CallId} for tenant {TenantId}", row.BillableMinutes, row.CallId, row.TenantId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var reporting = options.Value.UsageReporting;
            var delay = BillingMath.Backoff(attempts, TimeSpan.FromMilliseconds(reporting.InitialBackoffMilliseconds), TimeSpan.FromSeconds(reporting.MaxBackoffSeconds));
            var error = ex.Message.Length > 1000 ? ex.Message[..1000] : ex.Message;
            await db.Database.ExecuteSqlAsync(
                $"UPDATE usage_records SET attempts = {attempts}, next_attempt_at = {now + delay}, last_error = {error} WHERE id = {row.Id}",
                cancellationToken);
            logger.LogWarning("Reporting usage of call {CallId} failed (attempt {Attempts}), next try in {Delay}: {Error}",
                row.CallId, attempts, delay, error);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
