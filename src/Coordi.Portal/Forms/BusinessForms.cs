using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Coordi.Contracts.V1;

namespace Coordi.Portal.Forms;

/// <summary>Name and description of the business, as the agent introduces it.</summary>
public sealed class BusinessBasicsForm
{
    [Required(ErrorMessage = "Enter the business name callers know.")]
    [StringLength(200)]
    [Display(Name = "Business name")]
    public string BusinessName { get; set; } = "";

    [StringLength(4000)]
    [Display(Name = "What the business does")]
    public string? Description { get; set; }

    public static BusinessBasicsForm From(BusinessProfile profile) => new() { BusinessName = profile.BusinessName, Description = profile.Description };

    public void ApplyTo(BusinessProfile profile)
    {
        profile.BusinessName = BusinessName.Trim();
        profile.Description = Description?.Trim() ?? "";
    }

    public static readonly IReadOnlyDictionary<string, string> CoreFields = new Dictionary<string, string>
    {
        ["profile.business_name"] = "Basics.BusinessName",
        ["profile.description"] = "Basics.Description",
    };
}

/// <summary>Services, weekly hours and the ZIP codes served.</summary>
public sealed class ServicesForm
{
    public const int BlankServiceRows = 3;

    public List<ServiceRow> Services { get; set; } = [];

    public List<HoursRow> Hours { get; set; } = [];

    [Display(Name = "ZIP codes served")]
    [StringLength(4000)]
    public string? ServiceArea { get; set; }

    public static ServicesForm From(BusinessProfile profile)
    {
        var form = new ServicesForm
        {
            Services = profile.Services.Select(s => new ServiceRow
            {
                Name = s.Name,
                Description = s.Description,
                PriceMin = s.PriceMin is null ? null : s.PriceMin.MinorUnits / 100m,
                PriceMax = s.PriceMax is null ? null : s.PriceMax.MinorUnits / 100m,
            }).ToList(),
            ServiceArea = string.Join(" ", profile.ServiceAreaZips),
        };
        form.Services.AddRange(Enumerable.Range(0, BlankServiceRows).Select(_ => new ServiceRow()));
        form.Hours = Enumerable.Range(1, 7).Select(day =>
        {
            var hours = profile.WeeklyHours.FirstOrDefault(h => h.DayOfWeek == day);
            return new HoursRow
            {
                Day = day,
                Open = hours is not null,
                OpensAt = hours is null ? "08:00" : Time(hours.Open),
                ClosesAt = hours is null ? "17:00" : Time(hours.Close),
            };
        }).ToList();
        return form;
    }

    /// <summary>Blank rows are the spare lines of the form, not services.</summary>
    public IEnumerable<ServiceRow> FilledServices => Services.Where(s => !string.IsNullOrWhiteSpace(s.Name) || !string.IsNullOrWhiteSpace(s.Description) || s.PriceMin is not null || s.PriceMax is not null);

    public IEnumerable<string> Zips => (ServiceArea ?? "").Split([' ', ',', ';', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);

    public void ApplyTo(BusinessProfile profile)
    {
        profile.Services.Clear();
        profile.Services.AddRange(FilledServices.Select(s => new ServiceOffering
        {
            Name = s.Name?.Trim() ?? "",
            Description = s.Description?.Trim() ?? "",
            PriceMin = s.PriceMin is { } min ? new Money { MinorUnits = (long)Math.Round(min * 100), Currency = "USD" } : null,
            PriceMax = s.PriceMax is { } max ? new Money { MinorUnits = (long)Math.Round(max * 100), Currency = "USD" } : null,
        }));
        profile.ServiceAreaZips.Clear();
        profile.ServiceAreaZips.AddRange(Zips.Distinct());
        profile.WeeklyHours.Clear();
        profile.WeeklyHours.AddRange(Hours.Where(h => h.Open && h.Day is >= 1 and <= 7).Select(h => new DailyHours
        {
            DayOfWeek = h.Day,
            Open = ParseTime(h.OpensAt),
            Close = ParseTime(h.ClosesAt),
        }));
    }

    /// <summary>Checks the core would also make, reported next to the right field before a round trip.</summary>
    public IEnumerable<(string Field, string Message)> Validate(string prefix)
    {
        var services = Services.Select((s, i) => (s, i)).Where(x => FilledServices.Contains(x.s));
        foreach (var (service, i) in services)
        {
            if (string.IsNullOrWhiteSpace(service.Name))
            {
                yield return ($"{prefix}.Services[{i}].Name", "Give the service a name.");
            }

            if (service.PriceMin is { } min && service.PriceMax is { } max && max < min)
            {
                yield return ($"{prefix}.Services[{i}].PriceMax", "The maximum price must not be below the minimum.");
            }
        }

        foreach (var zip in Zips.Where(z => z.Length != 5 || !z.All(char.IsAsciiDigit)))
        {
            yield return ($"{prefix}.ServiceArea", $"'{zip}' is not a 5-digit ZIP code.");
        }

        for (var i = 0; i < Hours.Count; i++)
        {
            var h = Hours[i];
            if (!h.Open)
            {
                continue;
            }

            if (!TryMinutes(h.OpensAt, out var open) || !TryMinutes(h.ClosesAt, out var close))
            {
                yield return ($"{prefix}.Hours[{i}].OpensAt", $"Enter opening and closing times for {HoursRow.DayName(h.Day)}.");
            }
            else if (close <= open)
            {
                yield return ($"{prefix}.Hours[{i}].ClosesAt", $"{HoursRow.DayName(h.Day)}: closing time must be after opening time.");
            }
        }
    }

    public static readonly IReadOnlyDictionary<string, string> CoreFields = new Dictionary<string, string>
    {
        ["profile.services"] = "Offer.Services",
        ["profile.service_area_zips"] = "Offer.ServiceArea",
        ["profile.weekly_hours"] = "Offer.Hours",
    };

    private static string Time(LocalTimeOfDay t) => t.Hour == 24 ? "23:59" : $"{t.Hour:00}:{t.Minute:00}";

    private static bool TryMinutes(string? value, out int minutes)
    {
        minutes = 0;
        if (TimeOnly.TryParseExact(value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
        {
            minutes = (t.Hour * 60) + t.Minute;
            return true;
        }

        return false;
    }

    private static LocalTimeOfDay ParseTime(string? value)
    {
        TryMinutes(value, out var minutes);
        // 23:59 is the latest a time input offers; it stands for the end of the day.
        return minutes == (23 * 60) + 59 ? new LocalTimeOfDay { Hour = 24 } : new LocalTimeOfDay { Hour = minutes / 60, Minute = minutes % 60 };
    }
}

public sealed class ServiceRow
{
    [StringLength(200)]
    public string? Name { get; set; }

    [StringLength(1000)]
    public string? Description { get; set; }

    [Range(0, 1_000_000, ErrorMessage = "Enter a price of 0 or more.")]
    public decimal? PriceMin { get; set; }

    [Range(0, 1_000_000, ErrorMessage = "Enter a price of 0 or more.")]
    public decimal? PriceMax { get; set; }
}

public sealed class HoursRow
{
    [Range(1, 7)]
    public int Day { get; set; }

    public bool Open { get; set; }

    public string? OpensAt { get; set; }

    public string? ClosesAt { get; set; }

    public static string DayName(int isoDay) => isoDay switch
    {
        1 => "Monday",
        2 => "Tuesday",
        3 => "Wednesday",
        4 => "Thursday",
        5 => "Friday",
        6 => "Saturday",
        7 => "Sunday",
        _ => "?",
    };
}
