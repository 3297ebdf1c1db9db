namespace Loyalty.Core.Cabinet;

/// <summary>The promoter cabinet's sign-in settings (section <c>Cabinet</c>).</summary>
public sealed class CabinetOptions
{
    public const string Section = "Cabinet";

    /// <summary>How long a code and its link are valid.</summary>
    public int CodeMinutes { get; set; } = 15;

    /// <summary>Wrong codes after which a request is void (a new one must be asked for).</summary>
    public int MaxCodeAttempts { get; set; } = 5;

    /// <summary>Requests for one address within <see cref="CodeMinutes"/>, known to be a promoter's or not.</summary>
    public int RequestsPerAddress { get; set; } = 3;
}
