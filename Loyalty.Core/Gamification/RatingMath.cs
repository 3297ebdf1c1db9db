namespace Loyalty.Core.Gamification;

/// <summary>One weighted criterion of a rating.</summary>
public sealed record Criterion(Metric Metric, int Weight);

/// <summary>A participant's raw figures for the period: an employee or a department.</summary>
public sealed record Participant(long Id, string Name, IReadOnlyDictionary<Metric, MetricTotal> Totals)
{
    public MetricTotal Total(Metric metric) => Totals.TryGetValue(metric, out var t) ? t : MetricTotal.None;
}

/// <summary>A participant's place: <see cref="Rank"/> is null for one below the rating's threshold (shown, not ranked).</summary>
public sealed record RankedParticipant(long Id, string Name, int? Rank, decimal Score, IReadOnlyList<CriterionScore> Criteria);

/// <summary>What one criterion gave: the value, its share of the best participant's (0–1), and the points of the score (0–100 · weight share).</summary>
public sealed record CriterionScore(Metric Metric, double? Value, double Normalized, decimal Points);

/// <summary>Who takes part: the participant's value of <see cref="Metric"/> must be at least <see cref="Minimum"/>.</summary>
public sealed record Threshold(Metric Metric, double Minimum);

/// <summary>
/// The score formula, pure and documented on every leaderboard:
/// <list type="number">
/// <item>each criterion is normalised against the best participant that takes part: value ÷ best (for "lower is
/// better" criteria, such as the lead response time, best ÷ value); no value, or a best of 0, gives 0;</item>
/// <item>times the criterion's weight ÷ the sum of the weights, times 100; the criteria's points add up to the
/// score, 0–100, rounded to hundredths;</item>
/// <item>ties on the rounded score go to the better normalised value of the heaviest criterion, then of the next
/// (weights equal: in the rating's order), then by name (Russian alphabetical order), then by the lower ID — so
/// the same data always gives the same order.</item>
/// </list>
/// Participants below the threshold are listed after the ranked ones, unranked, with their figures.
/// </summary>
public static class RatingMath
{
    private static readonly StringComparer Names = StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("ru-RU"), ignoreCase: true);

    public static IReadOnlyList<RankedParticipant> Rank(IReadOnlyList<Criterion> criteria, IEnumerable<Participant> participants, Threshold? threshold = null)
    {
        var all = participants.ToList();
        var taking = all.Where(p => TakesPart(p, threshold)).ToList();
        var totalWeight = criteria.Sum(c => Math.Max(0, c.Weight));
        var best = criteria.ToDictionary(c => c.Metric, c => Best(c.Metric, taking));

        var scored = all.Select(p =>
        {
            var exact = criteria.Select(c =>
            {
                var value = Metrics.Value(c.Metric, p.Total(c.Metric));
                var normalized = Normalize(c.Metric, value, best[c.Metric]);
                var points = totalWeight == 0 ? 0.0 : 100.0 * normalized * Math.Max(0, c.Weight) / totalWeight;
                return (Metric: c.Metric, Value: value, Normalized: normalized, Points: points);
            }).ToList();
            var parts = exact.Select(e => new CriterionScore(e.Metric, e.Value, e.Normalized, Round(e.Points))).ToList();
            return (Participant: p, Score: Round(exact.Sum(e => e.Points)), Parts: parts, Takes: TakesPart(p, threshold));
        }).ToList();

        var tieOrder = criteria.Select((c, i) => (c, i)).OrderByDescending(x => x.c.Weight).ThenBy(x => x.i).Select(x => x.i).ToList();
        var ordered = scored
            .OrderByDescending(s => s.Takes)
            .ThenByDescending(s => s.Score)
            .ThenBy(s => s, Comparer<(Participant Participant, decimal Score, List<CriterionScore> Parts, bool Takes)>.Create((a, b) =>
            {
                foreach (var i in tieOrder)
                {
                    var byCriterion = b.Parts[i].Normalized.CompareTo(a.Parts[i].Normalized);
                    if (byCriterion != 0)
                    {
                        return byCriterion;
                    }
                }

                return 0;
            }))
            .ThenBy(s => s.Participant.Name, Names)
            .ThenBy(s => s.Participant.Id)
            .ToList();

        var rank = 0;
        return ordered.Select(s => new RankedParticipant(s.Participant.Id, s.Participant.Name, s.Takes ? ++rank : null, s.Score, s.Parts)).ToList();
    }

    public static bool TakesPart(Participant participant, Threshold? threshold) =>
        threshold is null || (Metrics.Value(threshold.Metric, participant.Total(threshold.Metric)) ?? 0) >= threshold.Minimum;

    private static double? Best(Metric metric, IEnumerable<Participant> participants)
    {
        var values = participants.Select(p => Metrics.Value(metric, p.Total(metric))).Where(v => v is not null).Select(v => v!.Value).ToList();
        if (values.Count == 0)
        {
            return null;
        }

        return Metrics.LowerIsBetter(metric) ? values.Where(v => v > 0).DefaultIfEmpty(0).Min() : values.Max();
    }

    private static double Normalize(Metric metric, double? value, double? best)
    {
        if (value is not { } v || best is not { } b)
        {
            return 0;
        }

        if (Metrics.LowerIsBetter(metric))
        {
            // A response of 0 minutes is the best there is; otherwise the best positive value over this one.
            return v <= 0 ? 1 : b <= 0 ? 0 : Math.Clamp(b / v, 0, 1);
        }

        return v <= 0 || b <= 0 ? 0 : Math.Clamp(v / b, 0, 1);
    }

    private static decimal Round(double points) => decimal.Round((decimal)points, 2, MidpointRounding.AwayFromZero);
}
