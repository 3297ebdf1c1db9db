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
public sealed record Threshold(Metric Metric, long Minimum);

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
        // Plain loops and one sort with the whole rule: every change of a 2,000-row board ranks everyone again.
        var all = participants.ToList();
        var takes = all.Select(p => TakesPart(p, threshold)).ToArray();
        var totalWeight = criteria.Sum(c => Math.Max(0, c.Weight));
        var best = criteria.Select(c => Best(c.Metric, all.Where((_, i) => takes[i]))).ToArray();

        var scored = new Scored[all.Count];
        for (var i = 0; i < all.Count; i++)
        {
            var parts = new CriterionScore[criteria.Count];
            var exact = 0.0;
            for (var c = 0; c < criteria.Count; c++)
            {
                var metric = criteria[c].Metric;
                var value = Metrics.Value(metric, all[i].Total(metric));
                var normalized = Normalize(metric, value, best[c]);
                var points = totalWeight == 0 ? 0.0 : 100.0 * normalized * Math.Max(0, criteria[c].Weight) / totalWeight;
                exact += points;
                parts[c] = new CriterionScore(metric, value, normalized, Round(points));
            }

            scored[i] = new Scored(i, all[i], Round(exact), parts, takes[i]);
        }

        var tieOrder = criteria.Select((c, i) => (c, i)).OrderByDescending(x => x.c.Weight).ThenBy(x => x.i).Select(x => x.i).ToArray();
        Array.Sort(scored, (a, b) =>
        {
            var order = b.Takes.CompareTo(a.Takes);
            if (order == 0)
            {
                order = b.Score.CompareTo(a.Score);
            }

            for (var k = 0; order == 0 && k < tieOrder.Length; k++)
            {
                order = b.Parts[tieOrder[k]].Normalized.CompareTo(a.Parts[tieOrder[k]].Normalized);
            }

            if (order == 0)
            {
                order = Names.Compare(a.Participant.Name, b.Participant.Name);
            }

            if (order == 0)
            {
                order = a.Participant.Id.CompareTo(b.Participant.Id);
            }

            // The input order last, as a stable sort would keep it.
            return order != 0 ? order : a.Index.CompareTo(b.Index);
        });

        var rank = 0;
        return scored.Select(s => new RankedParticipant(s.Participant.Id, s.Participant.Name, s.Takes ? ++rank : null, s.Score, s.Parts)).ToList();
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

    private sealed record Scored(int Index, Participant Participant, decimal Score, CriterionScore[] Parts, bool Takes);
}
