using Coordi.Contracts.V1;
using FluentValidation;

namespace Coordi.Core.Validation;

public sealed class StartCallRequestValidator : AbstractValidator<StartCallRequest>
{
    public StartCallRequestValidator()
    {
        RuleFor(r => r.TwilioCallSid).NotEmpty().Matches("^CA[0-9a-fA-F]{32}$").WithMessage("'{PropertyValue}' is not a Twilio CallSid (CA followed by 32 hex digits).");
        // Callers may withhold their number; Twilio then sends values like "anonymous".
        RuleFor(r => r.FromNumber).NotEmpty().MaximumLength(32).PlainText();
        RuleFor(r => r.ToNumber).E164();
    }
}

public sealed class AppendTranscriptTurnsRequestValidator : AbstractValidator<AppendTranscriptTurnsRequest>
{
    public AppendTranscriptTurnsRequestValidator()
    {
        RuleFor(r => r.CallId).Id();
        RuleFor(r => r.Turns).NotEmpty().Must(t => t.Count <= 200).WithMessage("Send between 1 and 200 turns per request.");
        RuleFor(r => r.Turns).Must(t => t.Select(x => x.Sequence).Distinct().Count() == t.Count).WithMessage("Turn sequences must be unique within a request.");
        RuleForEach(r => r.Turns).ChildRules(t =>
        {
            t.RuleFor(x => x.Sequence).GreaterThanOrEqualTo(0);
            t.RuleFor(x => x.Speaker).DefinedNonZero();
            t.RuleFor(x => x.Text).NotEmpty().MaximumLength(8000).PlainText();
            t.RuleFor(x => x.OccurredAt).NotNull();
        });
    }
}

public sealed class RecordToolInvocationRequestValidator : AbstractValidator<RecordToolInvocationRequest>
{
    public RecordToolInvocationRequestValidator()
    {
        RuleFor(r => r.CallId).Id();
        RuleFor(r => r.ToolCallId).NotEmpty().MaximumLength(100).PlainText();
        RuleFor(r => r.Name).NotEmpty().MaximumLength(64).PlainText();
        RuleFor(r => r.ArgumentsJson).Must(Json.IsObjectOrEmpty).WithMessage("Arguments must be a JSON object.").MaximumLength(16_000).NoNulInJson();
        RuleFor(r => r.ResultJson).Must(Json.IsObjectOrEmpty).WithMessage("The result must be a JSON object.").MaximumLength(16_000).NoNulInJson();
        RuleFor(r => r.Status).DefinedNonZero();
        RuleFor(r => r.DurationMs).GreaterThanOrEqualTo(0);
    }
}

public sealed class CompleteCallRequestValidator : AbstractValidator<CompleteCallRequest>
{
    public CompleteCallRequestValidator()
    {
        RuleFor(r => r.CallId).Id();
        RuleFor(r => r.Status).DefinedNonZero().Must(s => s != CallStatus.InProgress).WithMessage("A completed call cannot be in progress.");
        RuleFor(r => r.Outcome).DefinedOrZero();
        RuleFor(r => r.DurationSeconds).InclusiveBetween(0, 86_400);
        RuleFor(r => r.Summary).MaximumLength(4000).PlainText();
        RuleFor(r => r.RecordingRef).MaximumLength(500).PlainText();
        When(r => r.Latency is not null, () =>
        {
            RuleFor(r => r.Latency.FirstGreetingMs).InclusiveBetween(0, 600_000);
            RuleFor(r => r.Latency.ResponseP50Ms).InclusiveBetween(0, 600_000);
            RuleFor(r => r.Latency.ResponseP95Ms).InclusiveBetween(0, 600_000);
            RuleFor(r => r.Latency.TurnsMeasured).GreaterThanOrEqualTo(0);
        });
    }
}

public sealed class GetCallRequestValidator : AbstractValidator<GetCallRequest>
{
    public GetCallRequestValidator() => RuleFor(r => r.Id).Id();
}

public sealed class SetCallHandoffRequestValidator : AbstractValidator<SetCallHandoffRequest>
{
    public SetCallHandoffRequestValidator()
    {
        RuleFor(r => r.CallId).Id();
        RuleFor(r => r.Handoff).DefinedNonZero();
        RuleFor(r => r.Reason).MaximumLength(500).PlainText();
    }
}

public sealed class GetRecordingLinkRequestValidator : AbstractValidator<GetRecordingLinkRequest>
{
    public GetRecordingLinkRequestValidator() => RuleFor(r => r.CallId).Id();
}

public sealed class ListCallsRequestValidator : AbstractValidator<ListCallsRequest>
{
    public ListCallsRequestValidator()
    {
        RuleFor(r => r.PageSize).PageSize();
        RuleFor(r => r.PageToken).PageToken();
        RuleFor(r => r.Status).DefinedOrZero();
        RuleFor(r => r.Outcome).DefinedOrZero();
        RuleFor(r => r.Text).MaximumLength(200);
        RuleFor(r => r.Started).Must(Ranges.IsOrdered).When(r => r.Started is not null).WithMessage("The range must end after it starts.");
    }
}

internal static class Ranges
{
    public static bool IsOrdered(TimeRange range) =>
        range.Start is null || range.End is null || range.End.ToDateTime() > range.Start.ToDateTime();
}

internal static class Json
{
    public static bool IsObjectOrEmpty(string value)
    {
        if (value.Length == 0)
        {
            return true;
        }

        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(value);
            return doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }
}
