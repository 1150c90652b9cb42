using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coordi.Portal.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class LeadStatusTests(BrowserFixture fixture)
{
    [Fact]
    public Task A_lead_moves_from_new_to_won_and_its_history_shows_every_step() => fixture.InBrowserAsync(async page =>
    {
        var owner = await BrowserOwners.NewAsync(fixture, page);
        var lead = await Seed.LeadAsync(owner.Core, "Dana Smith", "Water heater repair");

        await page.GetByRole(AriaRole.Link, new() { Name = "Leads", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Dana Smith" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Dana Smith");
        await Expect(page.Locator("#lead-status")).ToHaveTextAsync("New");
        await Expect(page.GetByText("No changes yet.")).ToBeVisibleAsync();

        var history = page.Locator("#history tbody tr");
        (string From, string To)[] steps = [("New", "Contacted"), ("Contacted", "Booked"), ("Booked", "Won")];
        for (var i = 0; i < steps.Length; i++)
        {
            var (from, to) = steps[i];
            await page.GetByLabel("Change status to").SelectOptionAsync(new SelectOptionValue { Label = to });
            await page.GetByRole(AriaRole.Button, new() { Name = "Change", Exact = true }).ClickAsync();

            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Status changed to {to}.");
            await Expect(page.Locator("#lead-status")).ToHaveTextAsync(to);
            await Expect(page.GetByLabel("Change status to")).ToHaveValueAsync(to);
            await Expect(history).ToHaveCountAsync(i + 1);
            var row = history.Filter(new() { HasText = $"status: {from} → {to}" });
            await Expect(row).ToHaveCountAsync(1);
            await Expect(row).ToContainTextAsync(owner.Email);
        }

        var stored = await owner.Core.Leads.GetLeadAsync(new GetLeadRequest { Id = lead.Id });
        Assert.Equal(LeadStatus.Won, stored.Status);
        Assert.Equal(
            ["booked→won", "contacted→booked", "new→contacted"],
            stored.History.Select(h => $"{h.OldValue}→{h.NewValue}").Order(StringComparer.Ordinal));
        Assert.All(stored.History, h => Assert.Equal(("status", owner.Email), (h.Field, h.ChangedBy)));

        // The list agrees: the lead is under "Won" and no longer under "New".
        await page.GetByRole(AriaRole.Link, new() { Name = "← All leads" }).ClickAsync();
        await page.Locator(".tabs").GetByRole(AriaRole.Link, new() { Name = "Won" }).ClickAsync();
        await Expect(page.Locator("#leads tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#leads tbody tr")).ToContainTextAsync("Dana Smith");
        await page.Locator(".tabs").GetByRole(AriaRole.Link, new() { Name = "New" }).ClickAsync();
        await Expect(page.Locator("#leads tbody tr")).ToHaveCountAsync(0);
        await Expect(page.GetByText("No leads match.")).ToBeVisibleAsync();
    });
}
