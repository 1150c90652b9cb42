using System.Globalization;
using Coordi.Contracts.V1;

namespace Coordi.Portal.Display;

/// <summary>Amounts as people read them. Plans are priced in currencies with cents (minor unit = 1/100).</summary>
public static class MoneyText
{
    private static readonly CultureInfo UsEnglish = CultureInfo.GetCultureInfo("en-US");

    public static string Format(Money? money)
    {
        if (money is null)
        {
            return "—";
        }

        var amount = money.MinorUnits / 100m;
        return money.Currency.ToUpperInvariant() is "USD" or ""
            ? amount.ToString("C2", UsEnglish)
            : amount.ToString("N2", CultureInfo.InvariantCulture) + " " + money.Currency.ToUpperInvariant();
    }

    /// <summary>The amount without a currency sign, as a form field shows it ("150.00").</summary>
    public static string Plain(Money? money) => money is null ? "" : (money.MinorUnits / 100m).ToString("0.00", CultureInfo.InvariantCulture);
}
