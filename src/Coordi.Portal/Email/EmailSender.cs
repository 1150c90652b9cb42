using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using System.Text;
using Microsoft.Extensions.Options;

namespace Coordi.Portal.Email;

/// <summary>
/// Sends account mail. With an SMTP host configured it sends through that server; without one it writes each
/// message as an .eml file into the pickup folder, so development needs no mail server and links can be
/// followed from the files.
/// </summary>
public sealed class EmailSender(IOptions<PortalOptions> options, IHostEnvironment environment, ILogger<EmailSender> logger)
{
    private readonly EmailOptions _email = options.Value.Email;

    /// <summary>Absolute path of the pickup folder (used when no SMTP host is set).</summary>
    public string PickupDirectory => Path.GetFullPath(Path.Combine(environment.ContentRootPath, _email.PickupDirectory));

    public async Task SendAsync(string to, string subject, string textBody, string htmlBody, CancellationToken cancellationToken = default)
    {
        using var message = new MailMessage
        {
            From = new MailAddress(_email.From, _email.FromName),
            Subject = subject,
            SubjectEncoding = Encoding.UTF8,
            Body = textBody,
            BodyEncoding = Encoding.UTF8,
            BodyTransferEncoding = TransferEncodingFor(textBody),
            IsBodyHtml = false,
        };
        message.To.Add(new MailAddress(to));
        var html = AlternateView.CreateAlternateViewFromString(htmlBody, Encoding.UTF8, "text/html");
        html.TransferEncoding = TransferEncodingFor(htmlBody);
        message.AlternateViews.Add(html);

        using var client = CreateClient();
        await client.SendMailAsync(message, cancellationToken);
        logger.LogInformation("Sent \"{Subject}\" to {Recipient}", subject, to);
    }

    // Plain ASCII goes as 7bit, so a message file opened in an editor shows its links unbroken.
    private static TransferEncoding TransferEncodingFor(string body) =>
        body.All(char.IsAscii) && body.Split('\n').All(line => line.Length < 990) ? TransferEncoding.SevenBit : TransferEncoding.QuotedPrintable;

    private SmtpClient CreateClient()
    {
        if (string.IsNullOrWhiteSpace(_email.SmtpHost))
        {
            Directory.CreateDirectory(PickupDirectory);
            return new SmtpClient
            {
                DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory,
                PickupDirectoryLocation = PickupDirectory,
            };
        }

        var client = new SmtpClient(_email.SmtpHost, _email.SmtpPort)
        {
            DeliveryMethod = SmtpDeliveryMethod.Network,
            EnableSsl = _email.SmtpEnableSsl,
        };
        if (_email.SmtpUser.Length > 0)
        {
            client.Credentials = new NetworkCredential(_email.SmtpUser, _email.SmtpPassword);
        }

        return client;
    }
}
