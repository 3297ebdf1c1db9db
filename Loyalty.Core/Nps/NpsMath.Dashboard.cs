namespace Loyalty.Core.Nps;

/// <summary>How many answers of a 0–10 survey fell in each group.</summary>
public readonly record struct NpsCounts(int Promoters, int Passives, int Detractors)
{
    public static readonly NpsCounts None = new(0, 0, 0);

    public int Answered => Promoters + Passives + Detractors;

    public static NpsCounts operator +(NpsCounts a, NpsCounts b) => new(a.Promoters + b.Promoters, a.Passives + b.Passives, a.Detractors + b.Detractors);

    /// <summary>One answer's counts: the group its score falls in.</summary>
    public static NpsCounts Of(int score) => NpsMath.Group(score) switch
    {
        NpsGroup.Promoter => new(1, 0, 0),
        NpsGroup.Passive => new(0, 1, 0),
        _ => new(0, 0, 1),
    };
}

/// <summary>
/// The NPS formula and its neighbours, pure. NPS = % сторонники (9–10) − % критики (0–6), rounded to a whole number
/// (half away from zero); the нейтральные (7–8) count in the total only. No answers is no NPS (null), not 0: a period
/// without answers says nothing. The two-point scale (satisfied / unsatisfied) is never mixed into NPS: it has its
/// own figure, the satisfied share.
/// </summary>
public static partial class NpsMath
{
    public const int MinScore = 0;

    public const int MaxScore = 10;

    /// <summary>A day with fewer answers than this is marked on the chart: its NPS is not a trend.</summary>
    public const int FewAnswers = 5;

    /// <summary>The lowest and highest score of a group, for filters that run in SQL.</summary>
    public static (int Min, int Max) Range(NpsGroup group) => group switch
    {
        NpsGroup.Promoter => (9, 10),
        NpsGroup.Passive => (7, 8),
        _ => (0, 6),
    };

    /// <summary>The NPS of the counts, −100…100; null when nobody answered.</summary>
    public static int? Score(NpsCounts counts) => Score(counts.Promoters, counts.Passives, counts.Detractors);

    public static int? Score(int promoters, int passives, int detractors)
    {
        var answered = promoters + passives + detractors;
        if (answered <= 0)
        {
            return null;
        }

        // Exact arithmetic: 100·(P − D) / N in decimal, so 12.5 is 12.5 and rounds to 13, never 12.499999.
        return (int)Math.Round(100m * (promoters - detractors) / answered, MidpointRounding.AwayFromZero);
    }

    /// <summary>A group's share of the answers in whole percent; null when nobody answered.</summary>
    public static int? Share(int part, int total) =>
        total <= 0 ? null : (int)Math.Round(100m * part / total, MidpointRounding.AwayFromZero);

    /// <summary>The share of surveys answered among those sent, in whole percent; null when none was sent.</summary>
    public static int? ResponseRate(int answered, int sent) => Share(Math.Min(answered, sent), sent);

    /// <summary>The two-point scale's figure: satisfied answers (score 1) among all its answers, in whole percent.</summary>
    public static int? SatisfiedShare(int satisfied, int answered) => Share(satisfied, answered);

    /// <summary>The average of 0–10 scores, one decimal; null when there are none.</summary>
    public static double? Average(long sum, long count) => count <= 0 ? null : Math.Round((double)sum / count, 1, MidpointRounding.AwayFromZero);
}
