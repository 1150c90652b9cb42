using System.Net.Mail;
using System.Net;
using Coordi.Core.Infrastructure;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Coordi.Core.Webhooks;

/// <summary>
/// Tells an organization's owner about something that needs their attention: a row the portal shows, then an
/// email. The row is written first, so a failed send loses no notice.
/// </summary>
public sealed class OwnerNotifier([FromKeyedServices(CoreDataSources.Workers)] NpgsqlDataSource dataSource, IOptions<EmailOptions> options, TimeProvider clock, ILogger<OwnerNotifier> logger)
{
    public async Task NotifyAsync(Guid tenantId, string kind, string subject, string body, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        await using var insert = dataSource.CreateCommand("""
            INSERT INTO owner_notifications (id, tenant_id, kind, recipient, subject, body, created_at)
            SELECT @id, o.id, @kind, o.owner_email, @subject, @body, @now FROM organizations o WHERE o.id = @tenant
            RETURNING recipient
            """);
        insert.Parameters.AddWithValue("id", id);
        insert.Parameters.AddWithValue("kind", kind);
        insert.Parameters.AddWithValue("subject", subject);
        insert.Parameters.AddWithValue("body", body);
        insert.Parameters.AddWithValue("now", clock.GetUtcNow().UtcDateTime);
        insert.Parameters.AddWithValue("tenant", tenantId);
        if (await insert.ExecuteScalarAsync(cancellationToken) is not string recipient)
        {
            return;
        }

        if (!await SendAsync(recipient, subject, body, cancellationToken))
        {
            return;
        }

        await using var sent = dataSource.CreateCommand("UPDATE owner_notifications SET sent_at = @now WHERE id = @id");
        sent.Parameters.AddWithValue("now", clock.GetUtcNow().UtcDateTime);
        sent.Parameters.AddWithValue("id", id);
        await sent.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<bool> SendAsync(string recipient, string subject, string body, CancellationToken cancellationToken)
    {
        var email = options.Value;
        using var smtp = new SmtpClient();
        if (!string.IsNullOrEmpty(email.PickupDirectory))
        {
            Directory.CreateDirectory(email.PickupDirectory);
            smtp.DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory;
            smtp.PickupDirectoryLocation = email.PickupDirectory;
        }
        else if (!string.IsNullOrEmpty(email.SmtpHost))
        {
            smtp.Host = email.SmtpHost;
            smtp.Port = email.SmtpPort;
            smtp.EnableSsl = email.SmtpUseTls;
            if (!string.IsNullOrEmpty(email.SmtpUser))
            {
                smtp.Credentials = new NetworkCredential(email.SmtpUser, email.SmtpPassword);
            }
        }
        else
        {
            logger.LogWarning("No email transport is configured; the owner notification '{Subject}' is kept for the portal only", subject);
            return false;
        }

        try
        {
            using var message = new MailMessage(email.From, recipient, subject, body);
            await smtp.SendMailAsync(message, cancellationToken);
            return true;
        }
        catch (SmtpException ex)
        {
            logger.LogError(ex, "Could not email the owner notification '{Subject}'", subject);
            return false;
        }
    }
}
