using System.Globalization;
using System.Resources;
using Loyalty.Core.Gamification;
using Loyalty.Web.Resources;

namespace Loyalty.Web.Components.Shared;

/// <summary>
/// How numbers, money, dates and periods read on every page, in the formats of the UI language (decision 013):
/// Russian <c>1 234,50 ₽</c>, <c>23.11.2026</c>; English <c>1,234.50 ₽</c>, <c>23/11/2026</c>. Times passed in are
/// already in the portal's zone.
/// </summary>
public static class Formats
{
    private static readonly ResourceManager Texts = new(typeof(SharedResource));

    private static CultureInfo Culture => WebServices.FormatCulture;

    public static string Number(long value) => value.ToString("N0", Culture);

    /// <summary>Money is kept in kopecks: 123450 → "1 234,50 ₽", never broken before the ₽ sign.</summary>
    public static string Money(long kopecks) => (kopecks / 100m).ToString("C2", Culture).Replace(' ', '\u00A0');

    /// <summary>A ledger amount with its sign: 50000 → "+500,00 ₽", −50000 → "-500,00 ₽".</summary>
    public static string SignedMoney(long kopecks) => (kopecks > 0 ? "+" : "") + Money(kopecks);

    /// <summary>A percentage as the portal shows it: 5.5 → "5,5 %", 7 → "7 %".</summary>
    public static string Percent(decimal value) => value.ToString("0.##", Culture) + "\u00A0%";

    /// <summary>An amount without a currency sign: 123450 → "1 234,50".</summary>
    public static string Amount(long minor) => (minor / 100m).ToString("N2", Culture);

    /// <summary>A duration in seconds: "3,1 с" / "3.1 s".</summary>
    public static string Seconds(TimeSpan span) =>
        span.TotalSeconds.ToString("0.0", Culture) + "\u00A0" + Unit("Unit_Seconds", "s");

    /// <summary>A duration: seconds under a minute ("3,1 с"), whole minutes and seconds above ("2 мин 5 с" / "2 min 5 s").</summary>
    public static string Duration(TimeSpan span) => span.TotalMinutes >= 1
        ? $"{((int)span.TotalMinutes).ToString(Culture)}\u00A0{Unit("Unit_Minutes", "min")} {span.Seconds.ToString(Culture)}\u00A0{Unit("Unit_Seconds", "s")}"
        : Seconds(span);

    public static string Date(DateTime value) => value.ToString("d", Culture);

    /// <summary>What a date picker shows and reads: the UI language's short date (dd.MM.yyyy in Russian, dd/MM/yyyy in English).</summary>
    public static string DatePattern => Culture.DateTimeFormat.ShortDatePattern;

    public static string DateTime(DateTime value) => value.ToString("g", Culture);

    /// <summary>A period key (<c>2026-W49</c>, <c>2026-12</c>) as people read it: «неделя 30.11–06.12.2026», «декабрь 2026».</summary>
    public static string Period(string key) => PeriodText.OfKey(key, CultureInfo.CurrentUICulture);

    private static string Unit(string key, string fallback) => Texts.GetString(key, CultureInfo.CurrentUICulture) ?? fallback;
}
