using System.Text.Json;
using System.Text.Json.Serialization;
using Loyalty.Core.Bonuses;

namespace Loyalty.Core.Gamification;

/// <summary>A rating as its editor and its calculator see it: the entity's JSON lists read into values.</summary>
public sealed record RatingDefinition
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public long Id { get; init; }

    public string Name { get; init; } = "";

    public string? Description { get; init; }

    public RatingScope Scope { get; init; }

    public PeriodKind Period { get; init; } = PeriodKind.Month;

    public IReadOnlyList<Criterion> Criteria { get; init; } = [];

    public Threshold? Threshold { get; init; }

    public int TopN { get; init; }

    public IReadOnlyList<long> PipelineIds { get; init; } = [];

    public IReadOnlyList<long> DepartmentIds { get; init; } = [];

    public bool Active { get; init; } = true;

    public int Sort { get; init; }

    public int Version { get; init; } = 1;

    public IReadOnlySet<Metric> MetricsNeeded =>
        Criteria.Select(c => c.Metric).Concat(Threshold is { } t ? [t.Metric] : []).ToHashSet();

    public static RatingDefinition From(Rating rating) => new()
    {
        Id = rating.Id,
        Name = rating.Name,
        Description = rating.Description,
        Scope = rating.Scope,
        Period = rating.Period,
        Criteria = JsonSerializer.Deserialize<List<Criterion>>(rating.CriteriaJson, Json) ?? [],
        Threshold = rating.ThresholdMetric is { } metric ? new Threshold(metric, rating.ThresholdMinimum) : null,
        TopN = rating.TopN,
        PipelineIds = JsonSerializer.Deserialize<List<long>>(rating.PipelineIdsJson, Json) ?? [],
        DepartmentIds = JsonSerializer.Deserialize<List<long>>(rating.DepartmentIdsJson, Json) ?? [],
        Active = rating.Active,
        Sort = rating.Sort,
        Version = rating.Version,
    };

    /// <summary>Copies the definition onto the entity (not its ID, times or version).</summary>
    public void ApplyTo(Rating rating)
    {
        rating.Name = Name.Trim();
        rating.Description = string.IsNullOrWhiteSpace(Description) ? null : Description.Trim();
        rating.Scope = Scope;
        rating.Period = Period;
        rating.CriteriaJson = JsonSerializer.Serialize(Criteria, Json);
        rating.ThresholdMetric = Threshold?.Metric;
        rating.ThresholdMinimum = Threshold?.Minimum ?? 0;
        rating.TopN = TopN;
        rating.PipelineIdsJson = JsonSerializer.Serialize(PipelineIds, Json);
        rating.DepartmentIdsJson = JsonSerializer.Serialize(DepartmentIds, Json);
        rating.Active = Active;
        rating.Sort = Sort;
    }
}

/// <summary>What makes a rating invalid: a name (and a description) within <see cref="TextLimits"/>, 1–10 criteria without repeats, weights 1–100, a threshold ≥ 0, top N 0–1000, an area's departments.</summary>
public static class RatingValidator
{
    public static IReadOnlyList<SettingsError> Validate(RatingDefinition rating)
    {
        var errors = new List<SettingsError>();
        if (string.IsNullOrWhiteSpace(rating.Name))
        {
            errors.Add(new(nameof(rating.Name), "Rating_Error_NameRequired"));
        }
        else
        {
            TextLimits.Check(errors, nameof(rating.Name), rating.Name, TextLimits.Name);
        }

        TextLimits.Check(errors, nameof(rating.Description), rating.Description, TextLimits.Description);

        if (rating.Criteria.Count == 0)
        {
            errors.Add(new(nameof(rating.Criteria), "Rating_Error_NoCriteria"));
        }
        else if (rating.Criteria.Count > 10)
        {
            errors.Add(new(nameof(rating.Criteria), "Rating_Error_TooManyCriteria", 10));
        }

        if (rating.Criteria.GroupBy(c => c.Metric).Any(g => g.Count() > 1))
        {
            errors.Add(new(nameof(rating.Criteria), "Rating_Error_CriterionRepeated"));
        }

        for (var i = 0; i < rating.Criteria.Count; i++)
        {
            if (rating.Criteria[i].Weight is < 1 or > 100)
            {
                errors.Add(new($"Criteria[{i}].Weight", "Rating_Error_WeightRange"));
            }
        }

        if (rating.Threshold is { Minimum: < 0 })
        {
            errors.Add(new("Threshold", "Rating_Error_ThresholdNegative"));
        }

        if (rating.TopN is < 0 or > 1000)
        {
            errors.Add(new(nameof(rating.TopN), "Rating_Error_TopNRange"));
        }

        if (rating.Scope == RatingScope.Area && rating.DepartmentIds.Count == 0)
        {
            errors.Add(new(nameof(rating.DepartmentIds), "Rating_Error_AreaNeedsDepartments"));
        }

        return errors;
    }
}

/// <summary>A rating was refused: the errors say which fields and why.</summary>
public sealed class RatingInvalidException(IReadOnlyList<SettingsError> errors)
    : Exception("The rating is not valid: " + string.Join(", ", errors.Select(e => $"{e.Field} ({e.MessageKey})"))), ISettingsRefusal
{
    public IReadOnlyList<SettingsError> Errors { get; } = errors;
}
