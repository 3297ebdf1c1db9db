using System.Xml.Linq;
using Loyalty.Core.Data;
using Loyalty.Tests.TestSupport;

namespace Loyalty.Tests.Web.Resources;

/// <summary>
/// The .resx files as files: MSBuild keeps the first of two entries with one name and only warns, so a text
/// merged in twice (or changed in one copy) would go unnoticed.
/// </summary>
public sealed class ResourceFileTests
{
    public static TheoryData<string> ResourceFiles()
    {
        var root = PortalProcess.RepositoryRoot();
        var files = new TheoryData<string>();
        foreach (var project in new[] { "Loyalty.Core", "Loyalty.Web" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, project), "*.resx", SearchOption.AllDirectories)
                         .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
                         .Order(StringComparer.Ordinal))
            {
                files.Add(Path.GetRelativePath(root, file));
            }
        }

        return files;
    }

    [Theory]
    [MemberData(nameof(ResourceFiles))]
    public void EveryNameAppearsOnce(string file)
    {
        var names = XDocument.Load(Path.Combine(PortalProcess.RepositoryRoot(), file)).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToList();

        var twice = names.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

        Assert.True(twice.Count == 0, $"{file} names {string.Join(", ", twice)} more than once");
        Assert.NotEmpty(names);
    }

    [Fact]
    public void EveryCoreResourceIsAmongTheTextsTheLanguageTestsRead()
    {
        // The names as built (a .resx beside a .cs of its name takes the class's namespace, others their folder's):
        // a moved or added file cannot drop out of the language and glossary checks unnoticed.
        var built = typeof(Money).Assembly.GetManifestResourceNames()
            .Where(n => n.EndsWith(".resources", StringComparison.Ordinal))
            .Select(n => n[..^".resources".Length])
            .Order(StringComparer.Ordinal);

        Assert.Equal(built, PortalTexts.Managers.Select(m => m.BaseName).Where(n => n.StartsWith("Loyalty.Core.", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }
}
