using System.Globalization;
using System.Resources;
using Loyalty.Core.Bitrix24;
using Loyalty.Core.Bitrix24.UserFields;
using Loyalty.Web.Resources;

namespace Loyalty.Tests.Web.Components.Pages.Connection;

/// <summary>Every text of the fields, scopes and waiting writes parts has a Russian and an English version, each enum value included.</summary>
public sealed class ConnectionResourcesTests
{
    private static readonly string[] Fixed =
    [
        "Connection_FieldsChecked", "Connection_CheckFailed", "Fields_Title", "Fields_Hint", "Fields_NotChecked", "Fields_CheckedAt", "Fields_ListError",
        "Fields_Entity", "Fields_Code", "Fields_Type", "Fields_Program", "Fields_State", "Fields_Todo_AccessDenied", "Fields_Todo_Refused",
        "Fields_Todo_OwnCode", "Fields_MustAdd", "Fields_MustAddItem", "Scopes_Title", "Scopes_NotChecked", "Scopes_Granted", "Scopes_None",
        "Scopes_Feature", "Scopes_Needs", "Scopes_State", "Scopes_Ok", "Scopes_Missing", "Waiting_Title", "Waiting_Hint", "Waiting_Reason",
        "Waiting_Since", "Waiting_More", "BonusSettings_MissingFields", "BonusSettings_MissingFieldsLink", "BonusField_NotInBitrix24",
        "BonusErr_FieldCode", "BonusErr_FieldCodeLength", "Worker_UserFieldWorker",
    ];

    public static TheoryData<string> Keys()
    {
        var keys = new TheoryData<string>();
        foreach (var key in Fixed
            .Concat(Enum.GetNames<CrmFieldEntity>().Select(n => "Fields_Entity_" + n))
            .Concat(Enum.GetNames<FieldProgram>().Select(n => "Fields_Program_" + n))
            .Concat(Enum.GetNames<FieldState>().Select(n => "Fields_State_" + n))
            .Concat(ScopeNeeds.All.Select(n => "Scopes_Feature_" + n.Feature)))
        {
            keys.Add(key);
        }

        return keys;
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void TheTextExistsInRussianAndInEnglish(string key)
    {
        var resources = new ResourceManager("Loyalty.Web.Resources.SharedResource", typeof(SharedResource).Assembly);
        var russian = resources.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!.GetString(key);
        var english = resources.GetResourceSet(CultureInfo.GetCultureInfo("en"), createIfNotExists: true, tryParents: false)!.GetString(key);

        Assert.False(string.IsNullOrWhiteSpace(russian), $"{key} has no Russian text");
        Assert.False(string.IsNullOrWhiteSpace(english), $"{key} has no English text");
        Assert.Equal(Placeholders(russian!), Placeholders(english!));
    }

    private static IReadOnlyList<string> Placeholders(string text) =>
        [.. System.Text.RegularExpressions.Regex.Matches(text, @"\{\d+\}").Select(m => m.Value).Distinct().Order()];
}
