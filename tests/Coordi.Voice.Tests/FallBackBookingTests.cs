using System.Globalization;

namespace Coordi.Voice.Tests;

/// <summary>
/// A caller books half past one in the night the clocks go back, when 01:30 happens twice. The agent is told both
/// times in words that tell them apart, is stopped from booking a bare "01:30", and books the one the caller chose.
/// </summary>
[Collection(VoiceCollection.Name)]
public sealed class FallBackBookingTests(VoiceFixture fixture)
{
    private static readonly TimeZoneInfo Chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");

    [Fact]
    public async Task The_caller_books_the_second_half_past_one_of_the_night_the_clocks_go_back()
    {
        var business = await fixture.NewBusinessAsync();
        await OpenAtNightAsync(business);
        var day = NextFallBackDay();
        var date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var firstHalfPastOne = $"{date}T01:30:00-05:00";
        var secondHalfPastOne = $"{date}T01:30:00-06:00";
        var script = fixture.Realtime.Expect(business.Marker)
            .Agent(business.Greeting)
            .Caller("Could someone come at half past one in the night, when the clocks go back?")
            .Agent("Let me check the calendar.", call: ScriptedCall.Of("check_availability", new { from_date = date, days = 1 }))
            .Agent(ScriptedCall.Of("book_estimate", new { slot_start = $"{date}T01:30:00", notes = "Night visit" }))
            .Agent("Half past one happens twice that night. The first one, or the second, after the clocks go back?")
            .Caller("The second one, please.")
            .Agent(ScriptedCall.Of("book_estimate", new { slot_start = secondHalfPastOne, notes = "Night visit" }))
            .Agent("You're booked for 1:30 AM, the second time, after the clocks go back. Goodbye!", call: ScriptedCall.Of("end_call", new { reason = "booked" }));

        await using var call = await fixture.Twilio.DialAsync(TestData.UsNumber(), business.Number);
        var session = await script.Session.Within("the model session to open");
        await call.SayAsync(session, 800);
        await call.SayAsync(session, 600);
        Assert.Equal(["Hangup"], (await call.ConnectAction.Within("the call to end")).Verbs());

        // Both 01:30s are offered, each in words that say which one it is.
        var availability = session.FunctionOutputs[0].Json;
        var slots = availability.GetProperty("slots").EnumerateArray().Select(s => s.GetString()).ToList();
        var spoken = availability.GetProperty("spoken").EnumerateArray().Select(s => s.GetString()).ToList();
        var longDay = day.ToString("dddd, MMMM d", CultureInfo.InvariantCulture);
        Assert.Equal(slots.Count, spoken.Count);
        Assert.Equal($"{longDay} at 1:30 AM (first time, daylight time)", spoken[slots.IndexOf(firstHalfPastOne)]);
        Assert.Equal($"{longDay} at 1:30 AM (second time, standard time, after the clocks go back)", spoken[slots.IndexOf(secondHalfPastOne)]);
        Assert.Contains("clocks go back", availability.GetProperty("note").GetString());

        // A bare 01:30 is not guessed at: nothing is booked and both are named.
        var refused = session.FunctionOutputs[1].Json;
        Assert.False(refused.GetProperty("ok").GetBoolean());
        Assert.Contains(firstHalfPastOne, refused.GetProperty("error").GetString());
        Assert.Contains(secondHalfPastOne, refused.GetProperty("error").GetString());

        var booked = session.FunctionOutputs[2].Json;
        Assert.True(booked.GetProperty("booked").GetBoolean());
        Assert.Equal(secondHalfPastOne, booked.GetProperty("start").GetString());
        Assert.Equal($"{longDay} at 1:30 AM (second time, standard time, after the clocks go back)", booked.GetProperty("spoken").GetString());

        var appointment = Assert.Single((await fixture.Clients(business).Appointments.ListAppointmentsAsync(new ListAppointmentsRequest())).Appointments);
        Assert.Equal(DateTimeOffset.Parse(secondHalfPastOne, CultureInfo.InvariantCulture), appointment.Start.ToDateTimeOffset());
        Assert.Equal(call.StreamParameters["callId"], appointment.CallId);
    }

    /// <summary>Open 00:00-04:00 every day with 30-minute slots, so the repeated hour is inside the opening hours.</summary>
    private async Task OpenAtNightAsync(Business business)
    {
        var profiles = fixture.Clients(business).Profiles;
        var profile = await profiles.GetBusinessProfileAsync(new GetBusinessProfileRequest());
        profile.WeeklyHours.Clear();
        for (var day = 1; day <= 7; day++)
        {
            profile.WeeklyHours.Add(new DailyHours { DayOfWeek = day, Open = new LocalTimeOfDay { Hour = 0 }, Close = new LocalTimeOfDay { Hour = 4 } });
        }

        profile.BookingRules = new BookingRules { SlotMinutes = 30, LeadTimeMinutes = 0 };
        await profiles.UpdateBusinessProfileAsync(new UpdateBusinessProfileRequest { Profile = profile });
    }

    /// <summary>The next day in Chicago on which 01:30 happens twice (the tests run on a real clock).</summary>
    private static DateOnly NextFallBackDay()
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, Chicago));
        return Enumerable.Range(1, 400)
            .Select(today.AddDays)
            .First(d => Chicago.IsAmbiguousTime(d.ToDateTime(new TimeOnly(1, 30))));
    }
}
