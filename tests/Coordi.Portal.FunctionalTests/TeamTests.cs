using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;

namespace Coordi.Portal.FunctionalTests;

[Collection(PortalCollection.Name)]
public sealed class TeamTests(PortalFixture fixture)
{
    [Fact]
    public async Task An_invited_member_joins_through_the_emailed_link()
    {
        var owner = await Owners.NewAsync(fixture);
        var memberEmail = Owners.NewEmail("member");

        var team = await Invite(owner, memberEmail);
        Assert.Contains($"Invitation sent to {memberEmail}", team.Text("main"), StringComparison.Ordinal);
        Assert.Contains(memberEmail, team.Text("#invitations"), StringComparison.Ordinal);

        using var member = fixture.Portal.NewClient();
        var accept = await member.OpenAsync(fixture.Mail.LinkTo(memberEmail, "/Account/AcceptInvite"));
        Assert.Equal("Join Acme Plumbing", accept.Heading);
        var joined = await member.SubmitAsync(accept, "main form", new Dictionary<string, string> { ["Input.Name"] = "Sam Member", ["Input.Password"] = Owners.Password });

        Assert.Equal("/", joined.Url.AbsolutePath);
        Assert.Equal(owner.OrganizationId, await Owners.OrganizationOfAsync(fixture, memberEmail));
        var members = await owner.Client.OpenAsync("/Team");
        Assert.Contains(memberEmail, members.Text("#members"), StringComparison.Ordinal);
        Assert.Null(members.Document.QuerySelector("#invitations"));

        // The link is spent.
        using var again = fixture.Portal.NewClient();
        var reused = await again.OpenAsync(fixture.Mail.LinkTo(memberEmail, "/Account/AcceptInvite"));
        Assert.Equal("Invitation not valid", reused.Heading);
    }

    [Fact]
    public async Task Members_cannot_see_integrations_api_keys_team_or_settings()
    {
        var owner = await Owners.NewAsync(fixture);
        using var member = await NewMemberAsync(owner);

        foreach (var url in new[] { "/Integrations", "/ApiKeys", "/Team", "/Settings" })
        {
            var page = await member.GetAsync(url);
            Assert.True(page.Status == HttpStatusCode.Forbidden, $"{url} answered {(int)page.Status}");
            Assert.Equal("Not available to you", page.Heading);
        }

        var dashboard = await member.OpenAsync("/");
        var links = dashboard.Document.QuerySelectorAll("nav[aria-label=Main] a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/Leads", links);
        Assert.DoesNotContain("/Integrations", links);
        Assert.DoesNotContain("/ApiKeys", links);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("/Agent")).Status);

        // A member with a valid antiforgery token still cannot create a key by posting directly.
        var token = dashboard.Value("form.signout input[name=__RequestVerificationToken]")!;
        var post = await member.PostRawAsync("/ApiKeys?handler=Create", [new("__RequestVerificationToken", token), new("Input.Name", "sneaky"), new("Input.Scope", "ReadWrite")]);
        Assert.Equal(HttpStatusCode.Forbidden, post.Status);
        Assert.Empty((await owner.Core.ApiKeys.ListApiKeysAsync(new ListApiKeysRequest())).ApiKeys);
    }

    [Fact]
    public async Task A_removed_member_loses_access()
    {
        var owner = await Owners.NewAsync(fixture);
        var memberEmail = Owners.NewEmail("member");
        using var member = await NewMemberAsync(owner, memberEmail);

        var team = await owner.Client.OpenAsync("/Team");
        var form = team.Document.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlFormElement>("#members form").Single(f => f.TextContent.Contains(memberEmail, StringComparison.Ordinal));
        await owner.Client.SubmitAsync(team, form);

        Assert.Equal(0, await fixture.PortalDbAsync(db => db.Users.CountAsync(u => u.Email == memberEmail)));
        Assert.Equal("/Account/Login", (await Owners.SignInAsync(member, memberEmail)).Url.AbsolutePath);
    }

    [Fact]
    public async Task Invitations_need_a_valid_email()
    {
        var owner = await Owners.NewAsync(fixture);
        var team = await owner.Client.OpenAsync("/Team");

        var page = await owner.Client.SubmitAsync(team, "#invite-form", new Dictionary<string, string> { ["Input.Email"] = "nope" });

        Assert.Equal(Coordi.Portal.Forms.ValidEmailAttribute.Message, page.FieldError("Input.Email"));
    }

    private static async Task<PortalPage> Invite(Owner owner, string email, string role = "Member")
    {
        var team = await owner.Client.OpenAsync("/Team");
        return await owner.Client.SubmitAsync(team, "#invite-form", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Role"] = role });
    }

    private async Task<PortalClient> NewMemberAsync(Owner owner, string? email = null)
    {
        email ??= Owners.NewEmail("member");
        await Invite(owner, email);
        var member = fixture.Portal.NewClient();
        var accept = await member.OpenAsync(fixture.Mail.LinkTo(email, "/Account/AcceptInvite"));
        await member.SubmitAsync(accept, "main form", new Dictionary<string, string> { ["Input.Name"] = "Sam Member", ["Input.Password"] = Owners.Password });
        return member;
    }
}
