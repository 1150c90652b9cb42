using System.Net;
using Microsoft.Extensions.Options;

namespace Coordi.Portal.Email;

/// <summary>The account messages the portal sends. Links point at the configured public URL, never the request's host.</summary>
public sealed class AccountEmails(EmailSender sender, IOptions<PortalOptions> options)
{
    public Task SendConfirmationAsync(string to, string userId, string token, CancellationToken cancellationToken = default) =>
        SendAsync(to, "Confirm your email for Coordi",
            "Please confirm your email address so we can reach you about your account.",
            "Confirm my email", Link("/Account/ConfirmEmail", ("userId", userId), ("token", token)), cancellationToken);

    public Task SendPasswordResetAsync(string to, string token, CancellationToken cancellationToken = default) =>
        SendAsync(to, "Reset your Coordi password",
            "Someone asked to reset the password of your Coordi account. If it was you, choose a new password with the link below; otherwise ignore this message.",
            "Choose a new password", Link("/Account/ResetPassword", ("email", to), ("token", token)), cancellationToken);

    public Task SendInvitationAsync(string to, string organizationName, string invitedBy, string token, CancellationToken cancellationToken = default) =>
        SendAsync(to, $"You're invited to {organizationName} on Coordi",
            $"{invitedBy} invited you to join {organizationName} on Coordi, where the team sees calls and leads answered by the AI receptionist. The invitation is valid for 7 days.",
            "Accept the invitation", Link("/Account/AcceptInvite", ("token", token)), cancellationToken);

    private Task SendAsync(string to, string subject, string text, string action, string link, CancellationToken cancellationToken)
    {
        var textBody = $"{text}\n\n{action}: {link}\n";
        var htmlBody = $"<p>{WebUtility.HtmlEncode(text)}</p><p><a href=\"{WebUtility.HtmlEncode(link)}\">{WebUtility.HtmlEncode(action)}</a></p>";
        return sender.SendAsync(to, subject, textBody, htmlBody, cancellationToken);
    }

    private string Link(string path, params (string Name, string Value)[] query)
    {
        var baseUrl = options.Value.PublicBaseUrl.TrimEnd('/');
        return baseUrl + path + "?" + string.Join('&', query.Select(q => $"{q.Name}={Uri.EscapeDataString(q.Value)}"));
    }
}
