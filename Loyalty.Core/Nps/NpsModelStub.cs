namespace Loyalty.Core.Nps;

// Temporary until i16-core's model is merged (its names, per the shared contract).
public enum NpsScale
{
    ZeroToTen,
    Satisfaction,
}

public enum NpsGroup
{
    Detractor,
    Passive,
    Promoter,
}
