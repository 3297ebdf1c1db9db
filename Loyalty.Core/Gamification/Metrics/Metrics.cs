namespace Loyalty.Core.Gamification;

/// <summary>What a rating criterion or a badge rule measures, per participant and period.</summary>
public enum Metric
{
    /// <summary>Sum of the deals won in the period (kopecks, base currency).</summary>
    DealSum,

    /// <summary>Number of deals won in the period.</summary>
    WonDeals,

    /// <summary>Deal sum ÷ won deals (kopecks).</summary>
    AverageDeal,

    /// <summary>Customers whose first ever won deal was won in the period.</summary>
    NewClients,

    /// <summary>Completed calls.</summary>
    Calls,

    /// <summary>Completed meetings.</summary>
    Meetings,

    /// <summary>Leads created (assigned to the participant).</summary>
    LeadsCreated,

    /// <summary>Leads converted (reached a success status).</summary>
    LeadsConverted,

    /// <summary>Tasks closed by their deadline (or without one).</summary>
    TasksOnTime,

    /// <summary>Gamification points earned in the period (the sum of the points ledger's entries).</summary>
    Points,

    /// <summary>Average minutes from a lead's creation to the first activity on it: lower is better.</summary>
    LeadResponseMinutes,

    /// <summary>
    /// The average score (0–10) of the NPS answers given in the period to the surveys of the participant's deals (the
    /// deal's responsible when the survey was scheduled): Sum = scores, Count = answers. The two-point scale is left out.
    /// </summary>
    NpsScore,
}

/// <summary>
/// One metric's raw figures for one participant: a total and, for averages, what it is divided by. Raw figures add
/// up (a team is the sum of its members), averages are computed last.
/// </summary>
public readonly record struct MetricTotal(long Sum, long Count)
{
    public static readonly MetricTotal None = new(0, 0);

    public static MetricTotal operator +(MetricTotal a, MetricTotal b) => new(a.Sum + b.Sum, a.Count + b.Count);
}

public static class Metrics
{
    public static readonly IReadOnlyList<Metric> All = Enum.GetValues<Metric>();

    public static bool LowerIsBetter(Metric metric) => metric == Metric.LeadResponseMinutes;

    /// <summary>Money metrics are kopecks; the rest are counts, points or minutes.</summary>
    public static bool IsMoney(Metric metric) => metric is Metric.DealSum or Metric.AverageDeal;

    /// <summary>Metrics that read deals, and so follow a rating's pipelines.</summary>
    public static bool ReadsDeals(Metric metric) => metric is Metric.DealSum or Metric.WonDeals or Metric.AverageDeal or Metric.NewClients or Metric.NpsScore;

    /// <summary>Averages, shown with one decimal.</summary>
    public static bool IsAverage(Metric metric) => metric is Metric.LeadResponseMinutes or Metric.NpsScore;

    /// <summary>A badge is not earned on an average of fewer NPS answers than this: one enthusiastic customer is not a trend.</summary>
    public const int MinimumNpsAnswersForBadge = 5;

    /// <summary>Whether a badge rule may look at the total at all (an NPS average needs <see cref="MinimumNpsAnswersForBadge"/> answers).</summary>
    public static bool EnoughForBadge(Metric metric, MetricTotal total) => metric != Metric.NpsScore || total.Count >= MinimumNpsAnswersForBadge;

    /// <summary>
    /// The value a participant is compared on; null when there is nothing to compare (an average over no deals,
    /// a response time over no answered leads): such a participant scores 0 on that criterion.
    /// </summary>
    public static double? Value(Metric metric, MetricTotal total) => metric switch
    {
        Metric.AverageDeal or Metric.LeadResponseMinutes or Metric.NpsScore => total.Count == 0 ? null : (double)total.Sum / total.Count,
        _ => total.Sum,
    };
}
