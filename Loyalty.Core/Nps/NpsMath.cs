namespace Loyalty.Core.Nps;

/// <summary>The NPS arithmetic, pure.</summary>
public static partial class NpsMath
{
    /// <summary>0–6 critics (<see cref="NpsGroup.Detractor"/>), 7–8 passives, 9–10 promoters (сторонники).</summary>
    public static NpsGroup Group(int score) => score switch
    {
        >= 9 => NpsGroup.Promoter,
        >= 7 => NpsGroup.Passive,
        _ => NpsGroup.Detractor,
    };

    /// <summary>The group of a score on <paramref name="scale"/>: on the two-point scale 1 (satisfied) is a promoter, 0 a detractor.</summary>
    public static NpsGroup Group(NpsScale scale, int score) =>
        scale == NpsScale.Satisfaction ? (score >= 1 ? NpsGroup.Promoter : NpsGroup.Detractor) : Group(score);

    /// <summary>Whether <paramref name="score"/> is a valid answer on <paramref name="scale"/>.</summary>
    public static bool IsValidScore(NpsScale scale, int score) =>
        scale == NpsScale.Satisfaction ? score is 0 or 1 : score is >= 0 and <= 10;
}
