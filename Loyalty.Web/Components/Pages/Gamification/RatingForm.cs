using Loyalty.Core.Gamification;

namespace Loyalty.Web.Components.Pages.Gamification;

/// <summary>
/// The rating editor's editable copy of <see cref="RatingDefinition"/> (a record of read-only lists). A threshold's
/// minimum is kept as the metric has it: kopecks for money, a count or minutes otherwise.
/// </summary>
public sealed class RatingForm
{
    public long Id { get; init; }

    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    public RatingScope Scope { get; set; }

    public PeriodKind Period { get; set; } = PeriodKind.Month;

    public List<CriterionRow> Criteria { get; } = [];

    public bool HasThreshold { get; set; }

    public Metric ThresholdMetric { get; set; } = Metric.WonDeals;

    /// <summary>In the metric's unit: kopecks for a money metric, a whole count otherwise.</summary>
    public long ThresholdMinimum { get; set; }

    /// <summary>The minimum of a money metric, for the rouble field.</summary>
    public long ThresholdKopecks
    {
        get => ThresholdMinimum;
        set => ThresholdMinimum = value;
    }

    public int TopN { get; set; }

    public IReadOnlyCollection<long> PipelineIds { get; set; } = [];

    public IReadOnlyCollection<long> DepartmentIds { get; set; } = [];

    public bool Active { get; set; } = true;

    public int Sort { get; set; }

    public const int NewWeight = 10;

    /// <summary>A new rating: individual, monthly, on the deal sum alone.</summary>
    public static RatingForm New(int sort)
    {
        var form = new RatingForm { Sort = sort };
        form.Criteria.Add(new CriterionRow { Metric = Metric.DealSum, Weight = 100 });
        return form;
    }

    public static RatingForm From(RatingDefinition rating)
    {
        var form = new RatingForm
        {
            Id = rating.Id,
            Name = rating.Name,
            Description = rating.Description ?? "",
            Scope = rating.Scope,
            Period = rating.Period,
            HasThreshold = rating.Threshold is not null,
            ThresholdMetric = rating.Threshold?.Metric ?? Metric.WonDeals,
            ThresholdMinimum = rating.Threshold?.Minimum ?? 0,
            TopN = rating.TopN,
            PipelineIds = [.. rating.PipelineIds],
            DepartmentIds = [.. rating.DepartmentIds],
            Active = rating.Active,
            Sort = rating.Sort,
        };
        form.Criteria.AddRange(rating.Criteria.Select(c => new CriterionRow { Metric = c.Metric, Weight = c.Weight }));
        return form;
    }

    /// <summary>The definition to save; departments mean nothing to an individual rating and are dropped.</summary>
    public RatingDefinition ToDefinition() => new()
    {
        Id = Id,
        Name = Name.Trim(),
        Description = string.IsNullOrWhiteSpace(Description) ? null : Description.Trim(),
        Scope = Scope,
        Period = Period,
        Criteria = Criteria.Select(c => new Criterion(c.Metric, c.Weight)).ToList(),
        Threshold = HasThreshold ? new Threshold(ThresholdMetric, ThresholdMinimum) : null,
        TopN = TopN,
        PipelineIds = PipelineIds.Distinct().Order().ToList(),
        DepartmentIds = Scope == RatingScope.Individual ? [] : DepartmentIds.Distinct().Order().ToList(),
        Active = Active,
        Sort = Sort,
    };

    /// <summary>Adds the first metric not used yet (the validator refuses a repeat).</summary>
    public void AddCriterion()
    {
        var metric = Metrics.All.FirstOrDefault(m => Criteria.All(c => c.Metric != m));
        Criteria.Add(new CriterionRow { Metric = metric, Weight = NewWeight });
    }

    /// <summary>A new threshold metric of another kind (money against a count) starts from 0, not from the old number read in new units.</summary>
    public void ChangeThresholdMetric(Metric metric)
    {
        if (Metrics.IsMoney(metric) != Metrics.IsMoney(ThresholdMetric))
        {
            ThresholdMinimum = 0;
        }

        ThresholdMetric = metric;
    }
}

/// <summary>One weighted criterion as edited.</summary>
public sealed class CriterionRow
{
    public Metric Metric { get; set; }

    public int Weight { get; set; }
}
