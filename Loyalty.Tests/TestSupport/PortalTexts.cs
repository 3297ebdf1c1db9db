using System.Collections;
using System.Globalization;
using System.Resources;
using Loyalty.Core.Data;
using Loyalty.Web.Resources;

namespace Loyalty.Tests.TestSupport;

/// <summary>Every resource a reader's text comes from, Web's and Core's: the neutral (Russian) files and their English ones.</summary>
public static class PortalTexts
{
    public static readonly IReadOnlyList<ResourceManager> Managers =
    [
        new ResourceManager(typeof(SharedResource)),
        new ResourceManager("Loyalty.Core.Gamification.Notices.NoticeText", typeof(Money).Assembly),
        new ResourceManager("Loyalty.Core.Gamification.PeriodText", typeof(Money).Assembly),
        new ResourceManager("Loyalty.Core.Reports.ReportText", typeof(Money).Assembly),
        new ResourceManager("Loyalty.Core.Ledger.ReasonText", typeof(Money).Assembly),
        new ResourceManager("Loyalty.Core.Notifications.NotificationText", typeof(Money).Assembly),
        new ResourceManager("Loyalty.Core.Promoters.PromoterText", typeof(Money).Assembly),
        new ResourceManager("Loyalty.Core.Promoters.ReferralText", typeof(Money).Assembly),
        new ResourceManager("Loyalty.Core.Cabinet.CabinetText", typeof(Money).Assembly),
        new ResourceManager("Loyalty.Core.Nps.NpsText", typeof(Money).Assembly),
        new ResourceManager("Loyalty.Core.Nps.NpsPageText", typeof(Money).Assembly),
    ];

    public static readonly CultureInfo Russian = CultureInfo.InvariantCulture;

    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    /// <summary>
    /// The texts of one culture's files, keyed by "manager/key" (the invariant culture is the Russian default). Without
    /// <paramref name="parents"/> a culture's own file only, so a key missing from it is missing from the list.
    /// </summary>
    public static List<KeyValuePair<string, string>> Of(CultureInfo culture, bool parents = true)
    {
        var texts = new List<KeyValuePair<string, string>>();
        foreach (var manager in Managers)
        {
            var set = manager.GetResourceSet(culture, createIfNotExists: true, tryParents: parents && culture.Equals(CultureInfo.InvariantCulture))
                ?? throw new InvalidOperationException($"{manager.BaseName} has no resources for «{culture.Name}».");
            foreach (DictionaryEntry entry in set)
            {
                if (entry.Value is string value)
                {
                    texts.Add(new($"{manager.BaseName}/{entry.Key}", value));
                }
            }
        }

        return texts;
    }
}
