using Loyalty.Core.Gamification;

namespace Loyalty.Tests.Core.Gamification;

/// <summary>The score formula and the ranking rules of RatingMath, against figures worked out by hand.</summary>
public sealed class RatingMathTests
{
    private static readonly Criterion[] SumWinsCalls = [new(Metric.DealSum, 3), new(Metric.WonDeals, 2), new(Metric.Calls, 1)];

    [Fact]
    public void EachCriterionIsNormalisedAgainstTheBestAndWeightedByItsShareOfTheWeights()
    {
        // Best: sum 1000, wins 4, calls 20. Weights 3/2/1 of 6.
        // A: 100·(3/6·1 + 2/6·0.5 + 1/6·0.5) = 75.00; B: 100·(3/6·0.5 + 2/6·1 + 1/6·0.25) = 62.50; C: 100·(3/6·0.25 + 2/6·0.25 + 1/6·1) = 37.50.
        var ranked = RatingMath.Rank(SumWinsCalls, [P(3, "Вера", (Metric.DealSum, N(250)), (Metric.WonDeals, N(1)), (Metric.Calls, N(20))), P(1, "Анна", (Metric.DealSum, N(1000)), (Metric.WonDeals, N(2)), (Metric.Calls, N(10))), P(2, "Борис", (Metric.DealSum, N(500)), (Metric.WonDeals, N(4)), (Metric.Calls, N(5)))]);

        Assert.Equal([(1L, 1, 75.00m), (2L, 2, 62.50m), (3L, 3, 37.50m)], ranked.Select(r => (r.Id, r.Rank!.Value, r.Score)));
        var anna = ranked[0];
        Assert.Equal([50.00m, 16.67m, 8.33m], anna.Criteria.Select(c => c.Points));
        Assert.Equal([1.0, 0.5, 0.5], anna.Criteria.Select(c => c.Normalized));
        Assert.Equal([1000.0, 2.0, 10.0], anna.Criteria.Select(c => c.Value!.Value));
    }

    [Fact]
    public void TheScoreIsRoundedToHundredthsAwayFromZero()
    {
        // 100 · 2/3 = 66.666… → 66.67; 100 · 1/3 = 33.333… → 33.33; 100 · 1/8 = 12.5 exactly.
        var ranked = RatingMath.Rank([new(Metric.Calls, 1)], [P(1, "А", (Metric.Calls, N(3))), P(2, "Б", (Metric.Calls, N(2))), P(3, "В", (Metric.Calls, N(1)))]);
        var eighth = RatingMath.Rank([new(Metric.Calls, 1)], [P(1, "А", (Metric.Calls, N(8))), P(2, "Б", (Metric.Calls, N(1)))]);

        Assert.Equal([100m, 66.67m, 33.33m], ranked.Select(r => r.Score));
        Assert.Equal(12.5m, eighth[1].Score);
    }

    [Fact]
    public void AnAverageIsDividedLastFromItsSumAndCount()
    {
        // Average deal: A 900/3 = 300, B 400/1 = 400 (best) → A 75.00.
        var ranked = RatingMath.Rank([new(Metric.AverageDeal, 1)], [P(1, "А", (Metric.AverageDeal, Avg(900, 3))), P(2, "Б", (Metric.AverageDeal, Avg(400, 1)))]);

        Assert.Equal([(2L, 100m), (1L, 75m)], ranked.Select(r => (r.Id, r.Score)));
        Assert.Equal(300.0, ranked[1].Criteria[0].Value);
    }

    [Fact]
    public void ForALowerIsBetterCriterionTheFastestIsBestAndTheOthersGetBestOverTheirs()
    {
        // Response minutes: A 60/2 = 30, B 10/1 = 10 (best), C answered nothing (no value → 0).
        Criterion[] criteria = [new(Metric.LeadResponseMinutes, 1)];
        var ranked = RatingMath.Rank(criteria, [P(1, "А", (Metric.LeadResponseMinutes, Avg(60, 2))), P(2, "Б", (Metric.LeadResponseMinutes, Avg(10, 1))), P(3, "В")]);

        Assert.Equal([(2L, 100m), (1L, 33.33m), (3L, 0m)], ranked.Select(r => (r.Id, r.Score)));
        Assert.Null(ranked[2].Criteria[0].Value);
    }

    [Fact]
    public void AResponseOfZeroMinutesIsTheBestThereIs()
    {
        var ranked = RatingMath.Rank([new(Metric.LeadResponseMinutes, 1)], [P(1, "А", (Metric.LeadResponseMinutes, Avg(0, 3))), P(2, "Б", (Metric.LeadResponseMinutes, Avg(40, 2)))]);

        Assert.Equal(100m, ranked.Single(r => r.Id == 1).Score);
        Assert.Equal(1, ranked.Single(r => r.Id == 1).Rank);
    }

    [Fact]
    public void ALowerIsBetterCriterionMixesWithHigherIsBetterOnes()
    {
        // Calls 3, response 1 (of 4). A: calls 10 (best), 20 min (best 5 → 0.25): 75 + 6.25 = 81.25. B: calls 5 (0.5), 5 min (best): 37.5 + 25 = 62.50.
        Criterion[] criteria = [new(Metric.Calls, 3), new(Metric.LeadResponseMinutes, 1)];
        var ranked = RatingMath.Rank(criteria, [P(1, "А", (Metric.Calls, N(10)), (Metric.LeadResponseMinutes, Avg(20, 1))), P(2, "Б", (Metric.Calls, N(5)), (Metric.LeadResponseMinutes, Avg(15, 3)))]);

        Assert.Equal([(1L, 81.25m), (2L, 62.50m)], ranked.Select(r => (r.Id, r.Score)));
    }

    [Fact]
    public void ParticipantsBelowTheThresholdAreListedAfterTheRankedOnesWithoutARankAndDoNotSetTheBest()
    {
        // Х has the biggest sum but a single win: not taking part, so Анна's 1000 is the best.
        var threshold = new Threshold(Metric.WonDeals, 2);
        var ranked = RatingMath.Rank(
            [new(Metric.DealSum, 1)],
            [P(9, "Харитон", (Metric.DealSum, N(10_000)), (Metric.WonDeals, N(1))), P(1, "Анна", (Metric.DealSum, N(1000)), (Metric.WonDeals, N(2))), P(2, "Борис", (Metric.DealSum, N(500)), (Metric.WonDeals, N(3))), P(8, "Фёдор")],
            threshold);

        Assert.Equal([(1L, (int?)1, 100m), (2L, 2, 50m)], ranked.Take(2).Select(r => (r.Id, r.Rank, r.Score)));
        Assert.Equal([9L, 8L], ranked.Skip(2).Select(r => r.Id));
        Assert.All(ranked.Skip(2), r => Assert.Null(r.Rank));
        Assert.Equal(1.0, ranked.Single(r => r.Id == 9).Criteria[0].Normalized);
        Assert.False(RatingMath.TakesPart(P(9, "Харитон", (Metric.WonDeals, N(1))), threshold));
        Assert.True(RatingMath.TakesPart(P(1, "Анна", (Metric.WonDeals, N(2))), threshold));
        Assert.True(RatingMath.TakesPart(P(1, "Анна"), null));
    }

    [Fact]
    public void NobodyAtTheThresholdMeansNobodyIsRanked()
    {
        var ranked = RatingMath.Rank([new(Metric.DealSum, 1)], [P(1, "А", (Metric.DealSum, N(10))), P(2, "Б")], new Threshold(Metric.WonDeals, 1));

        Assert.All(ranked, r => Assert.Null(r.Rank));
        Assert.Equal(2, ranked.Count);
    }

    [Fact]
    public void ATieOnTheScoreGoesToTheBetterValueOfTheHeaviestCriterion()
    {
        // Sum 40, calls 60. P: sum best (40) + calls half (30) = 70; Q: sum quarter (10) + calls best (60) = 70. Calls weigh more: Q first.
        Criterion[] criteria = [new(Metric.DealSum, 40), new(Metric.Calls, 60)];
        var ranked = RatingMath.Rank(criteria, [P(1, "Пётр", (Metric.DealSum, N(100)), (Metric.Calls, N(50))), P(2, "Яков", (Metric.DealSum, N(25)), (Metric.Calls, N(100)))]);

        Assert.Equal([70m, 70m], ranked.Select(r => r.Score));
        Assert.Equal([2L, 1L], ranked.Select(r => r.Id));
        Assert.Equal([1, 2], ranked.Select(r => r.Rank!.Value));
    }

    [Fact]
    public void WithEqualWeightsATieGoesByTheRatingsOrderOfCriteria()
    {
        // P: 50 + 25, Q: 25 + 50. Sum is listed first: P first; listed the other way round, Q first.
        var people = new[] { P(1, "Яков", (Metric.DealSum, N(100)), (Metric.Calls, N(50))), P(2, "Пётр", (Metric.DealSum, N(50)), (Metric.Calls, N(100))) };

        var sumFirst = RatingMath.Rank([new(Metric.DealSum, 50), new(Metric.Calls, 50)], people);
        var callsFirst = RatingMath.Rank([new(Metric.Calls, 50), new(Metric.DealSum, 50)], people);

        Assert.Equal([1L, 2L], sumFirst.Select(r => r.Id));
        Assert.Equal([2L, 1L], callsFirst.Select(r => r.Id));
    }

    [Fact]
    public void AFullTieGoesByNameInRussianAlphabeticalOrderThenByTheLowerId()
    {
        // Ordinal order would put Ё (U+0401) before А (U+0410); Russian order puts it with Е, after Д.
        var ranked = RatingMath.Rank([new(Metric.Calls, 1)], [P(5, "Жуков", (Metric.Calls, N(3))), P(7, "Ёлкин", (Metric.Calls, N(3))), P(4, "Дьяков", (Metric.Calls, N(3))), P(9, "абрамов", (Metric.Calls, N(3))), P(3, "Дьяков", (Metric.Calls, N(3)))]);

        Assert.Equal([9L, 3L, 4L, 7L, 5L], ranked.Select(r => r.Id));
        Assert.Equal([1, 2, 3, 4, 5], ranked.Select(r => r.Rank!.Value));
    }

    [Fact]
    public void TheSameFiguresGiveTheSameOrderOnEveryCallAndWhateverTheInputOrder()
    {
        // Few distinct values and few names: many ties at every level of the rule.
        var random = new Random(7);
        string[] names = ["Анна", "Борис", "Вера", "Ёлкин", "Егор"];
        var people = Enumerable.Range(1, 60)
            .Select(id => P(id, names[random.Next(names.Length)], (Metric.DealSum, N(random.Next(0, 4) * 100)), (Metric.Calls, N(random.Next(0, 3))), (Metric.LeadResponseMinutes, Avg(random.Next(0, 3) * 10, random.Next(0, 2)))))
            .ToList();
        Criterion[] criteria = [new(Metric.DealSum, 2), new(Metric.Calls, 1), new(Metric.LeadResponseMinutes, 1)];
        var threshold = new Threshold(Metric.Calls, 1);
        var first = RatingMath.Rank(criteria, people, threshold).Select(r => (r.Id, r.Rank)).ToList();

        for (var i = 0; i < 20; i++)
        {
            var shuffled = people.OrderBy(_ => random.Next()).ToList();
            Assert.Equal(first, RatingMath.Rank(criteria, shuffled, threshold).Select(r => (r.Id, r.Rank)));
        }

        Assert.Equal(first, RatingMath.Rank(criteria, people, threshold).Select(r => (r.Id, r.Rank)));
        var ranks = first.Where(r => r.Rank is not null).Select(r => r.Rank!.Value).ToList();
        Assert.Equal(Enumerable.Range(1, ranks.Count), ranks);
    }

    [Fact]
    public void WhenEveryoneHasZeroEveryoneScoresZeroAndIsRankedByName()
    {
        var ranked = RatingMath.Rank(SumWinsCalls, [P(2, "Вера"), P(1, "Борис", (Metric.DealSum, N(0))), P(3, "Анна")]);

        Assert.All(ranked, r => Assert.Equal(0m, r.Score));
        Assert.All(ranked.SelectMany(r => r.Criteria), c => Assert.Equal(0.0, c.Normalized));
        Assert.Equal([3L, 1L, 2L], ranked.Select(r => r.Id));
        Assert.Equal([1, 2, 3], ranked.Select(r => r.Rank!.Value));
    }

    [Fact]
    public void WhenEveryoneHasTheSameFiguresEveryoneScoresAHundred()
    {
        var ranked = RatingMath.Rank(SumWinsCalls, [P(2, "Б", (Metric.DealSum, N(5)), (Metric.WonDeals, N(1)), (Metric.Calls, N(2))), P(1, "А", (Metric.DealSum, N(5)), (Metric.WonDeals, N(1)), (Metric.Calls, N(2)))]);

        Assert.All(ranked, r => Assert.Equal(100m, r.Score));
        Assert.Equal([1L, 2L], ranked.Select(r => r.Id));
    }

    [Fact]
    public void NoParticipantsGiveAnEmptyRanking() => Assert.Empty(RatingMath.Rank(SumWinsCalls, []));

    [Fact]
    public void ASingleParticipantWithFiguresScoresAHundred()
    {
        var only = Assert.Single(RatingMath.Rank(SumWinsCalls, [P(1, "А", (Metric.DealSum, N(1)), (Metric.WonDeals, N(1)), (Metric.Calls, N(1)))]));

        Assert.Equal((1, 100m), (only.Rank!.Value, only.Score));
    }

    private static Participant P(long id, string name, params (Metric Metric, MetricTotal Total)[] totals) =>
        new(id, name, totals.ToDictionary(t => t.Metric, t => t.Total));

    /// <summary>A count or a sum.</summary>
    private static MetricTotal N(long sum) => new(sum, 0);

    /// <summary>What an average is divided from.</summary>
    private static MetricTotal Avg(long sum, long count) => new(sum, count);
}
