using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace Coordi.Portal.Dashboard;

/// <summary>
/// A per-day bar chart drawn on the server as inline SVG: no script, no CDN, nothing for the CSP to allow.
/// Colours come from the stylesheet's classes; every bar has a title, so hovering or a screen reader gives the value.
/// </summary>
public static class SvgBarChart
{
    private const int Width = 640;
    private const int Height = 180;
    private const int Left = 36;
    private const int Bottom = 24;
    private const int Top = 10;

    public static IHtmlContent Render(string id, string title, IReadOnlyList<(string Label, double Value)> points)
    {
        var inv = CultureInfo.InvariantCulture;
        var max = Math.Max(1, points.Count == 0 ? 0 : points.Max(p => p.Value));
        var scaleMax = NiceCeiling(max);
        var plotWidth = Width - Left - 8;
        var plotHeight = Height - Bottom - Top;
        var slot = points.Count == 0 ? plotWidth : plotWidth / (double)points.Count;
        var barWidth = Math.Max(2, slot * 0.7);
        var labelEvery = Math.Max(1, (int)Math.Ceiling(points.Count / 8.0));

        var sb = new StringBuilder(4096);
        sb.Append(inv, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-labelledby=\"{id}-title\" preserveAspectRatio=\"xMidYMid meet\">");
        sb.Append(inv, $"<title id=\"{id}-title\">{Encode(title)}</title>");

        // Horizontal grid at 0, half and the top of the scale.
        foreach (var fraction in new[] { 0.0, 0.5, 1.0 })
        {
            var y = Top + plotHeight - (fraction * plotHeight);
            sb.Append(inv, $"<line class=\"chart-grid\" x1=\"{Left}\" x2=\"{Width - 8}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\"/>");
            sb.Append(inv, $"<text class=\"chart-axis\" x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{Format(scaleMax * fraction)}</text>");
        }

        for (var i = 0; i < points.Count; i++)
        {
            var (label, value) = points[i];
            var h = value / scaleMax * plotHeight;
            var x = Left + (i * slot) + ((slot - barWidth) / 2);
            var y = Top + plotHeight - h;
            sb.Append(inv, $"<rect class=\"chart-bar\" x=\"{x:0.##}\" y=\"{y:0.##}\" width=\"{barWidth:0.##}\" height=\"{h:0.##}\"><title>{Encode(label)}: {Format(value)}</title></rect>");
            if (i % labelEvery == 0)
            {
                sb.Append(inv, $"<text class=\"chart-axis\" x=\"{x + (barWidth / 2):0.##}\" y=\"{Height - 6}\" text-anchor=\"middle\">{Encode(label)}</text>");
            }
        }

        sb.Append("</svg>");
        return new HtmlString(sb.ToString());
    }

    private static double NiceCeiling(double value)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1, 2, 5, 10 })
        {
            if (step * magnitude >= value)
            {
                return step * magnitude;
            }
        }

        return 10 * magnitude;
    }

    private static string Format(double value) => value.ToString(value % 1 == 0 ? "0" : "0.#", CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
