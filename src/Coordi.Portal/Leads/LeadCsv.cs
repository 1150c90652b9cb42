using System.Text;
using Coordi.Contracts.V1;
using Coordi.Portal.Display;

namespace Coordi.Portal.Leads;

/// <summary>Leads as CSV (RFC 4180), safe to open in a spreadsheet.</summary>
public static class LeadCsv
{
    public static readonly string[] Header = ["id", "created", "status", "name", "phone", "email", "address", "service", "urgency", "source", "notes", "call_id"];

    public static string Write(IEnumerable<Lead> leads, OrganizationTime time)
    {
        var sb = new StringBuilder();
        Row(sb, Header);
        foreach (var lead in leads)
        {
            Row(sb,
            [
                lead.Id, time.Format(lead.CreatedAt, "yyyy-MM-dd HH:mm"), Labels.Of(lead.Status), lead.Name, lead.Phone, lead.Email,
                lead.Address, lead.Service, Labels.Of(lead.Urgency), lead.Source, lead.Notes, lead.CallId,
            ]);
        }

        return sb.ToString();
    }

    private static void Row(StringBuilder sb, IEnumerable<string> cells)
    {
        sb.AppendJoin(',', cells.Select(Cell));
        sb.Append("\r\n");
    }

    private static string Cell(string value)
    {
        // Callers' words end up here: a cell a spreadsheet would run as a formula is prefixed so it stays text.
        // An E.164 number ("+1512...") is a plain number to a spreadsheet and is left alone.
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0]) && !IsPhoneNumber(value))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    private static bool IsPhoneNumber(string value) => value.Length > 1 && value[0] == '+' && value.Skip(1).All(char.IsAsciiDigit);
}
