using Xunit.Abstractions;
using Xunit.Sdk;

namespace Loyalty.Tests.TestSupport;

/// <summary>
/// Marks a benchmark: the test gets the trait <c>Category=Benchmark</c>, which Loyalty.Tests.csproj leaves out of a
/// plain <c>dotnet test</c> and <c>dotnet test --filter Category=Benchmark</c> runs. One attribute instead of a
/// hand-written <c>[Trait("Category", "Benchmark")]</c>, so the category cannot be misspelt.
/// </summary>
[TraitDiscoverer("Loyalty.Tests.TestSupport.BenchmarkTraitDiscoverer", "Loyalty.Tests")]
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = false)]
public sealed class BenchmarkAttribute : Attribute, ITraitAttribute;

/// <summary>Gives <see cref="BenchmarkAttribute"/> its trait.</summary>
public sealed class BenchmarkTraitDiscoverer : ITraitDiscoverer
{
    public const string Category = "Benchmark";

    public IEnumerable<KeyValuePair<string, string>> GetTraits(IAttributeInfo traitAttribute) => [new("Category", Category)];
}
