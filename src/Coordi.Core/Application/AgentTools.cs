using Coordi.Contracts.V1;

namespace Coordi.Core.Application;

/// <summary>The functions the voice agent may call, as OpenAI function-calling definitions.</summary>
public static class AgentTools
{
    public static IReadOnlyList<ToolDefinition> All { get; } =
    [
        Tool("create_lead",
            "Save the caller as a lead once you have their name and phone number and have read the phone number and address back to them.",
            """
            {"type":"object","properties":{
              "name":{"type":"string","description":"Caller's full name"},
              "phone":{"type":"string","description":"Callback number, E.164 if possible"},
              "email":{"type":"string"},
              "address":{"type":"string","description":"Service address"},
              "service":{"type":"string","description":"What they need done"},
              "urgency":{"type":"string","enum":["low","normal","high","emergency"]},
              "notes":{"type":"string"}},
             "required":["name","phone"],"additionalProperties":false}
            """),
        Tool("check_availability",
            "Find free estimate slots. Say you are checking the calendar before calling. Say each time to the caller as written in spoken; a time the clocks repeat is the first or the second one.",
            """
            {"type":"object","properties":{
              "from_date":{"type":"string","description":"First local date to search, YYYY-MM-DD"},
              "days":{"type":"integer","minimum":1,"maximum":14}},
             "required":["from_date"],"additionalProperties":false}
            """),
        Tool("book_estimate",
            "Book an estimate visit in a slot returned by check_availability. If the slot is taken, offer the alternatives returned.",
            """
            {"type":"object","properties":{
              "slot_start":{"type":"string","description":"Slot start exactly as returned in slots by check_availability, with its offset"},
              "notes":{"type":"string"}},
             "required":["slot_start"],"additionalProperties":false}
            """),
        Tool("send_sms",
            "Text the caller, e.g. a booking confirmation. Ask before sending.",
            """
            {"type":"object","properties":{"message":{"type":"string","maxLength":480}},
             "required":["message"],"additionalProperties":false}
            """),
        Tool("escalate_to_human",
            "Transfer the call to a person at the business. Tell the caller you are connecting them first.",
            """
            {"type":"object","properties":{"reason":{"type":"string"}},
             "required":["reason"],"additionalProperties":false}
            """),
        Tool("end_call",
            "Hang up after you have said goodbye.",
            """
            {"type":"object","properties":{"reason":{"type":"string"}},"additionalProperties":false}
            """),
    ];

    private static ToolDefinition Tool(string name, string description, string schema) => new()
    {
        Name = name,
        Description = description,
        ParametersJsonSchema = schema.ReplaceLineEndings("").Replace("  ", "", StringComparison.Ordinal),
    };
}
