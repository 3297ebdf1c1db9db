namespace Loyalty.Tests.TestSupport;

/// <summary>
/// A browser test: skipped with a reason when no Chromium is found, unless <c>LOYALTY_E2E=required</c>,
/// in which case it runs and fails with the same explanation (see <see cref="BrowserPortal"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (Chromium.Executable is null && !Chromium.IsRequired)
        {
            Skip = Chromium.SkipReason;
        }
    }
}

/// <summary>The <see cref="TheoryAttribute"/> counterpart of <see cref="BrowserFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class BrowserTheoryAttribute : TheoryAttribute
{
    public BrowserTheoryAttribute()
    {
        if (Chromium.Executable is null && !Chromium.IsRequired)
        {
            Skip = Chromium.SkipReason;
        }
    }
}
