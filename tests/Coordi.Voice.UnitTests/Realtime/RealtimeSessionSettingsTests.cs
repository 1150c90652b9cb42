using System.Buffers;
using System.Text.Json;
using Coordi.Contracts.V1;
using Coordi.Voice.Realtime;

namespace Coordi.Voice.UnitTests.Realtime;

public sealed class RealtimeSessionSettingsTests
{
    private const string LeadSchema = """
        {"type":"object","properties":{"name":{"type":"string"},"phone":{"type":"string","description":"E.164"}},"required":["name","phone"]}
        """;

    [Fact]
    public void Session_update_has_the_ga_shape_with_pcmu_both_ways()
    {
        using var doc = Write(w => RealtimeSessionSettings.WriteSessionUpdate(w, Config()));

        var root = doc.RootElement;
        Assert.Equal("session.update", root.GetProperty("type").GetString());
        var session = root.GetProperty("session");
        Assert.Equal("realtime", session.GetProperty("type").GetString());
        Assert.Equal("You are Riley, the receptionist of Acme Plumbing.", session.GetProperty("instructions").GetString());
        Assert.Equal(["audio"], session.GetProperty("output_modalities").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("auto", session.GetProperty("tool_choice").GetString());

        var input = session.GetProperty("audio").GetProperty("input");
        Assert.Equal("audio/pcmu", input.GetProperty("format").GetProperty("type").GetString());
        Assert.Equal("gpt-4o-mini-transcribe", input.GetProperty("transcription").GetProperty("model").GetString());

        var output = session.GetProperty("audio").GetProperty("output");
        Assert.Equal("audio/pcmu", output.GetProperty("format").GetProperty("type").GetString());
        Assert.Equal("marin", output.GetProperty("voice").GetString());
        Assert.Equal(1.15, output.GetProperty("speed").GetDouble());
    }

    [Fact]
    public void Session_update_uses_server_vad_that_answers_and_interrupts()
    {
        using var doc = Write(w => RealtimeSessionSettings.WriteSessionUpdate(w, Config()));

        var vad = doc.RootElement.GetProperty("session").GetProperty("audio").GetProperty("input").GetProperty("turn_detection");
        Assert.Equal("server_vad", vad.GetProperty("type").GetString());
        Assert.Equal(0.5, vad.GetProperty("threshold").GetDouble());
        Assert.Equal(300, vad.GetProperty("prefix_padding_ms").GetInt32());
        Assert.Equal(500, vad.GetProperty("silence_duration_ms").GetInt32());
        Assert.True(vad.GetProperty("create_response").GetBoolean());
        Assert.True(vad.GetProperty("interrupt_response").GetBoolean());
    }

    [Fact]
    public void Session_update_lists_tools_with_their_schema_as_json_not_text()
    {
        using var doc = Write(w => RealtimeSessionSettings.WriteSessionUpdate(w, Config()));

        var tools = doc.RootElement.GetProperty("session").GetProperty("tools").EnumerateArray().ToList();
        Assert.Equal(2, tools.Count);
        var lead = tools[0];
        Assert.Equal("function", lead.GetProperty("type").GetString());
        Assert.Equal("create_lead", lead.GetProperty("name").GetString());
        Assert.Equal("Records the caller as a lead.", lead.GetProperty("description").GetString());
        var parameters = lead.GetProperty("parameters");
        Assert.Equal(JsonValueKind.Object, parameters.ValueKind);
        Assert.Equal("object", parameters.GetProperty("type").GetString());
        Assert.Equal("E.164", parameters.GetProperty("properties").GetProperty("phone").GetProperty("description").GetString());
        Assert.Equal(["name", "phone"], parameters.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("end_call", tools[1].GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Object, tools[1].GetProperty("parameters").ValueKind);
    }

    [Fact]
    public void Session_update_without_an_agent_profile_uses_the_default_voice_and_speed()
    {
        var config = new AgentConfig { SystemPrompt = "Be helpful." };

        using var doc = Write(w => RealtimeSessionSettings.WriteSessionUpdate(w, config));

        var session = doc.RootElement.GetProperty("session");
        var output = session.GetProperty("audio").GetProperty("output");
        Assert.Equal("alloy", output.GetProperty("voice").GetString());
        Assert.Equal(1.0, output.GetProperty("speed").GetDouble());
        Assert.Empty(session.GetProperty("tools").EnumerateArray());
    }

    [Fact]
    public void Session_update_escapes_instructions()
    {
        var config = new AgentConfig { SystemPrompt = "Say \"hello\"\nthen </script> \\ done" };

        using var doc = Write(w => RealtimeSessionSettings.WriteSessionUpdate(w, config));

        Assert.Equal(config.SystemPrompt, doc.RootElement.GetProperty("session").GetProperty("instructions").GetString());
    }

    [Fact]
    public void Truncate_cuts_the_item_at_what_was_heard()
    {
        using var doc = Write(w => RealtimeSessionSettings.WriteTruncate(w, "item_1", 1520));

        var root = doc.RootElement;
        Assert.Equal("conversation.item.truncate", root.GetProperty("type").GetString());
        Assert.Equal("item_1", root.GetProperty("item_id").GetString());
        Assert.Equal(0, root.GetProperty("content_index").GetInt32());
        Assert.Equal(1520, root.GetProperty("audio_end_ms").GetInt64());
    }

    [Fact]
    public void Cancel_is_just_the_type()
    {
        using var doc = Write(RealtimeSessionSettings.WriteResponseCancel);

        var property = Assert.Single(doc.RootElement.EnumerateObject());
        Assert.Equal("type", property.Name);
        Assert.Equal("response.cancel", property.Value.GetString());
    }

    [Fact]
    public void Function_output_is_a_function_call_output_item_with_the_output_as_text()
    {
        using var doc = Write(w => RealtimeSessionSettings.WriteFunctionOutput(w, "call_1", """{"ok":true,"slots":["9:00"]}"""));

        var root = doc.RootElement;
        Assert.Equal("conversation.item.create", root.GetProperty("type").GetString());
        var item = root.GetProperty("item");
        Assert.Equal("function_call_output", item.GetProperty("type").GetString());
        Assert.Equal("call_1", item.GetProperty("call_id").GetString());
        Assert.Equal(JsonValueKind.String, item.GetProperty("output").ValueKind);
        Assert.Equal("""{"ok":true,"slots":["9:00"]}""", item.GetProperty("output").GetString());
    }

    [Fact]
    public void Response_create_with_instructions_carries_them()
    {
        using var doc = Write(w => RealtimeSessionSettings.WriteResponseCreate(w, "Greet the caller."));

        var root = doc.RootElement;
        Assert.Equal("response.create", root.GetProperty("type").GetString());
        Assert.Equal("Greet the caller.", root.GetProperty("response").GetProperty("instructions").GetString());
    }

    [Fact]
    public void Response_create_without_instructions_has_no_response_object()
    {
        using var doc = Write(w => RealtimeSessionSettings.WriteResponseCreate(w, null));

        var property = Assert.Single(doc.RootElement.EnumerateObject());
        Assert.Equal("response.create", property.Value.GetString());
    }

    [Theory]
    [InlineData(0, 0.85)]
    [InlineData(50, 1.0)]
    [InlineData(100, 1.15)]
    [InlineData(10, 0.88)]
    [InlineData(90, 1.12)]
    [InlineData(33, 0.95)]
    [InlineData(-20, 0.85)]
    [InlineData(500, 1.15)]
    public void Pace_maps_to_speed(int pace, double speed)
    {
        Assert.Equal(speed, RealtimeSessionSettings.Speed(pace));
    }

    [Fact]
    public void Speed_never_decreases_as_the_pace_rises()
    {
        var speeds = Enumerable.Range(0, 101).Select(RealtimeSessionSettings.Speed).ToList();

        Assert.Equal(speeds.Order(), speeds);
        Assert.All(speeds, s => Assert.InRange(s, 0.85, 1.15));
    }

    private static AgentConfig Config() => new()
    {
        SystemPrompt = "You are Riley, the receptionist of Acme Plumbing.",
        Agent = new AgentProfile { Name = "Riley", Voice = "marin", Pace = 100 },
        Tools =
        {
            new ToolDefinition { Name = "create_lead", Description = "Records the caller as a lead.", ParametersJsonSchema = LeadSchema },
            new ToolDefinition { Name = "end_call", Description = "Ends the call.", ParametersJsonSchema = """{"type":"object","properties":{}}""" },
        },
    };

    private static JsonDocument Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return JsonDocument.Parse(buffer.WrittenMemory);
    }
}
