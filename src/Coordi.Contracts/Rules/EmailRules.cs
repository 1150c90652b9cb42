using System.Text.RegularExpressions;

namespace Coordi.Contracts.Rules;

/// <summary>
/// What an e-mail address must look like: one "@", a local part of RFC 5322 atoms joined by single dots, and a domain
/// of at least two labels. Narrower than the RFC on purpose (no quoted local parts, comments or address literals):
/// the address is for mail to a person, and an address a mail server would refuse is better refused on input.
/// Letters beyond ASCII are allowed for internationalized addresses.
/// </summary>
public static partial class EmailRules
{
    public const int MaxLength = 254;

    public static bool IsEmail(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= MaxLength && Address().IsMatch(value);

    [GeneratedRegex(
        @"^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*@([\p{L}\p{N}]([\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+[\p{L}\p{N}]([\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\z",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Address();
}
