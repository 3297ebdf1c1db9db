namespace Loyalty.Tests.TestSupport;

/// <summary>
/// A test that needs LibreOffice (<c>soffice</c> on PATH, or <c>LOYALTY_SOFFICE</c>): skipped with the reason when it is
/// missing, unless <c>LOYALTY_SOFFICE=required</c> — then it runs and fails, like the browser tests with <c>LOYALTY_E2E</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SofficeFactAttribute : FactAttribute
{
    public const string Variable = "LOYALTY_SOFFICE";

    public SofficeFactAttribute()
    {
        if (Executable is null && !IsRequired)
        {
            Skip = $"No soffice on PATH (set {Variable} to its path, or apt-get install libreoffice-calc); the LibreOffice round trip is skipped";
        }
    }

    public static bool IsRequired => string.Equals(Environment.GetEnvironmentVariable(Variable), "required", StringComparison.OrdinalIgnoreCase);

    /// <summary>The soffice executable, or null.</summary>
    public static string? Executable
    {
        get
        {
            if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } chosen && !IsRequired)
            {
                return File.Exists(chosen) ? chosen : null;
            }

            return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
                .Select(folder => Path.Combine(folder, "soffice")).FirstOrDefault(File.Exists);
        }
    }
}
