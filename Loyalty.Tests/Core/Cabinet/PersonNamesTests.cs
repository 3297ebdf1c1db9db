using Loyalty.Core.Cabinet;

namespace Loyalty.Tests.Core.Cabinet;

/// <summary>The cabinet names referred people by first name and the surname's initial, whatever the CRM holds.</summary>
public sealed class PersonNamesTests
{
    [Theory]
    [InlineData("Иван", "Петров", "Иван П.")]
    [InlineData("Anna", "smith", "Anna S.")]
    [InlineData("  Мария ", "  соколова  ", "Мария С.")]
    [InlineData("Анна-Мария", "Римская-Корсакова", "Анна-Мария Р.")]
    [InlineData("Jean-Luc", "Picard", "Jean-Luc P.")]
    [InlineData("Иван", "", "Иван")]
    [InlineData("Иван", null, "Иван")]
    [InlineData("", "Петров", "П.")]
    [InlineData(null, null, "")]
    [InlineData("  ", " - ", "")]
    [InlineData("Эльза", "Ёлкина", "Эльза Ё.")]
    public void FirstNameAndTheSurnamesInitial(string? first, string? last, string expected) =>
        Assert.Equal(expected, PersonNames.Short(first, last));

    [Theory]
    [InlineData("Иван Петров", "Иван П.")]
    [InlineData("Ольга  Смирнова-Петрова", "Ольга С.")]
    [InlineData("John", "John")]
    [InlineData("", "")]
    [InlineData(null, "")]
    [InlineData("Иван Петрович Сидоров", "Иван П.")]
    public void AWholeNameInOneString(string? name, string expected) => Assert.Equal(expected, PersonNames.Short(name));

    [Fact]
    public void NoSurnameLeaksBeyondItsFirstLetter()
    {
        var shortName = PersonNames.Short("Константин", "Константинопольский");
        Assert.DoesNotContain("онстантинопольский", shortName, StringComparison.Ordinal);
        Assert.Equal("Константин К.", shortName);
    }
}
