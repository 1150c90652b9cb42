using Google.Protobuf.WellKnownTypes;

namespace Coordi.Core.FunctionalTests;

/// <summary>
/// A NUL (or another control character) in a write is refused as InvalidArgument naming the field. PostgreSQL cannot
/// store NUL, and before this rule the failed insert came back as INTERNAL, which callers retry as a server fault.
/// </summary>
[Collection(CoreCollection.Name)]
public sealed class ControlCharacterTests(CoreFixture fixture)
{
    [Theory]
    [InlineData("name")]
    [InlineData("notes")]
    [InlineData("address")]
    [InlineData("service")]
    public async Task A_lead_with_a_nul_is_refused_naming_the_field(string field)
    {
        var tenant = await fixture.NewTenantAsync();
        var lead = new CreateLeadRequest { RequestId = Guid.NewGuid().ToString(), Name = "Dana Smith", Phone = "+15125550143", Notes = "Blocked sink" };
        switch (field)
        {
            case "name": lead.Name = "Dana\0Smith"; break;
            case "notes": lead.Notes = "Blocked\0sink"; break;
            case "address": lead.Address = "12 Oak\0Street"; break;
            case "service": lead.Service = "Drains\u0001"; break;
        }

        await RpcAssert.InvalidArgument(tenant.Leads.CreateLeadAsync(lead), field);
        Assert.Empty((await tenant.Leads.ListLeadsAsync(new ListLeadsRequest())).Leads);
    }

    [Fact]
    public async Task A_lead_edited_to_hold_a_nul_is_refused()
    {
        var tenant = await fixture.NewTenantAsync();
        var lead = await tenant.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = Guid.NewGuid().ToString(), Name = "Dana Smith", Phone = "+15125550143" });

        await RpcAssert.InvalidArgument(
            tenant.Leads.UpdateLeadAsync(new UpdateLeadRequest { Id = lead.Id, Lead = new Lead { Notes = "call\0back" }, UpdateMask = { "notes" } }),
            "lead.notes");
    }

    [Fact]
    public async Task Call_writes_with_a_nul_are_refused_and_plain_text_is_kept()
    {
        var tenant = await fixture.NewTenantAsync();
        var call = await tenant.Calls.StartCallAsync(new StartCallRequest
        {
            TwilioCallSid = TestData.CallSid(),
            FromNumber = "+15125550143",
            ToNumber = "+15125550100",
        });

        var turns = new AppendTranscriptTurnsRequest { CallId = call.Id };
        turns.Turns.Add(new TranscriptTurn { Sequence = 0, Speaker = Speaker.Caller, Text = "my name is Dana\0", OccurredAt = Timestamp.FromDateTime(DateTime.UtcNow) });
        await RpcAssert.InvalidArgument(tenant.Calls.AppendTranscriptTurnsAsync(turns), "turns[0].text");

        var tool = new RecordToolInvocationRequest
        {
            CallId = call.Id,
            ToolCallId = "tool-1",
            Name = "create_lead",
            ArgumentsJson = """{"name":"Dana\u0000"}""",
            ResultJson = """{"ok":true}""",
            Status = ToolInvocationStatus.Succeeded,
        };
        await RpcAssert.InvalidArgument(tenant.Calls.RecordToolInvocationAsync(tool), "arguments_json");
        tool.ArgumentsJson = """{"name":"Dana"}""";
        tool.ToolCallId = "tool\0-1";
        await RpcAssert.InvalidArgument(tenant.Calls.RecordToolInvocationAsync(tool), "tool_call_id");

        await RpcAssert.InvalidArgument(
            tenant.Calls.CompleteCallAsync(new CompleteCallRequest { CallId = call.Id, Status = CallStatus.Completed, Summary = "Lead\0 taken" }),
            "summary");

        // Line breaks and tabs are text, not control characters to refuse.
        turns.Turns[0].Text = "my name is Dana\nSmith\t(D-A-N-A)";
        Assert.Equal(1, (await tenant.Calls.AppendTranscriptTurnsAsync(turns)).Appended);
        var completed = await tenant.Calls.CompleteCallAsync(new CompleteCallRequest { CallId = call.Id, Status = CallStatus.Completed, Summary = "Lead taken.\nCall back." });
        Assert.Equal(CallStatus.Completed, completed.Status);
    }
}
