using Xunit.Abstractions;
using Xunit.Sdk;

namespace Loyalty.Tests.TestSupport;

/// <summary>
/// Marks the walk through every page (<c>Browser/WalkBrowserTests</c>): the trait <c>Category=Walk</c>, left out of a
/// plain <c>dotnet test</c> like the benchmarks (Loyalty.Tests.csproj) because it takes minutes; run it with
/// <c>dotnet test --filter Category=Walk</c>.
/// </summary>
[TraitDiscoverer("Loyalty.Tests.TestSupport.WalkTraitDiscoverer", "Loyalty.Tests")]
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = false)]
public sealed class WalkAttribute : Attribute, ITraitAttribute;

/// <summary>Gives <see cref="WalkAttribute"/> its trait.</summary>
public sealed class WalkTraitDiscoverer : ITraitDiscoverer
{
    public const string Category = "Walk";

    public IEnumerable<KeyValuePair<string, string>> GetTraits(IAttributeInfo traitAttribute) => [new("Category", Category)];
}
