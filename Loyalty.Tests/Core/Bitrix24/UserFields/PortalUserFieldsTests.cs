using Loyalty.Core.Bitrix24.UserFields;
using Loyalty.Core.WriteBack;

namespace Loyalty.Tests.Core.Bitrix24;

/// <summary>The registry of the portal's Bitrix24 user fields, and which writes wait for a field Bitrix24 lacks.</summary>
public sealed class PortalUserFieldsTests
{
    public static TheoryData<string, string> Fields()
    {
        var data = new TheoryData<string, string>();
        foreach (var field in PortalUserFields.All)
        {
            data.Add(field.Entity.ToString(), field.Code);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void EveryRegisteredNameFitsBitrix24sLimitAndCharacters(string entity, string code)
    {
        Assert.True(code.Length <= 20, $"{entity} {code} is {code.Length} characters; Bitrix24 holds 20 with UF_CRM_.");
        Assert.Matches("^UF_CRM_[A-Z0-9_]{1,13}$", code);
        Assert.True(UserFieldNames.IsValid(code));
        var field = PortalUserFields.Find(Enum.Parse<CrmFieldEntity>(entity), code)!;
        Assert.Equal(code, "UF_CRM_" + field.FieldName);
        Assert.False(string.IsNullOrWhiteSpace(field.LabelRu));
        Assert.False(string.IsNullOrWhiteSpace(field.LabelEn));
    }

    [Fact]
    public void ACodeIsRegisteredOncePerRecordType() =>
        Assert.Empty(PortalUserFields.All.GroupBy(f => (f.Entity, f.Code)).Where(g => g.Count() > 1).Select(g => g.Key));

    [Fact]
    public void TheRegistryHoldsTheBonusFieldsAndTheComingProgramsOnes()
    {
        Assert.Equal(
            [
                "Contact UF_CRM_LOY_BALANCE double", "Contact UF_CRM_LOY_TIER string", "Contact UF_CRM_LOY_PERCENT double",
                "Deal UF_CRM_LOY_REDEEM double", "Deal UF_CRM_LOY_REDEEMED double",
                "Contact UF_CRM_LOY_PROMOTER boolean", "Contact UF_CRM_LOY_PR_CODE string", "Deal UF_CRM_LOY_PR_CODE string",
                "Contact UF_CRM_LOY_PR_LINK url", "Lead UF_CRM_LOY_PR_ID integer", "Deal UF_CRM_LOY_PR_ID integer", "Deal UF_CRM_LOY_NPS integer",
            ],
            PortalUserFields.All.Select(f => $"{f.Entity} {f.Code} {f.TypeId}"));
        Assert.Equal([FieldProgram.Bonuses, FieldProgram.Promoters, FieldProgram.Nps], PortalUserFields.ProgramsInUse.Order());
    }

    [Theory]
    [InlineData("UF_CRM_LOYALTY_BALANCE", false, true)]
    [InlineData("UF_CRM_LOY_BALANCE", true, false)]
    [InlineData("UF_CRM_1700000000123", true, false)]
    [InlineData("UF_CRM_", false, false)]
    [InlineData("UF_CRM_loy", false, false)]
    [InlineData("UF_CRM_LOY-BALANCE", false, false)]
    [InlineData("UF_TASK_LOY", false, false)]
    public void TheNameRuleTellsATooLongNameFromAMalformedOne(string code, bool valid, bool tooLong)
    {
        Assert.Equal(valid, UserFieldNames.IsValid(code));
        Assert.Equal(tooLong, UserFieldNames.IsTooLong(code));
    }

    [Fact]
    public void AWriteNamingAFieldBitrix24DidNotListWaitsForIt()
    {
        var check = new PortalCheck { ContactFields = "UF_CRM_LOY_TIER,UF_CRM_LOY_PERCENT", DealFields = "" };
        const string write = """{"id":12,"fields":{"UF_CRM_LOY_BALANCE":"10.5","UF_CRM_LOY_TIER":"Gold","UF_CRM_LOY_PERCENT":"5","NAME":"x"}}""";

        Assert.Equal(["UF_CRM_LOY_BALANCE"], CrmWriteBackOutbox.MissingFields(check, "crm.contact.update", write));
        Assert.Equal(["UF_CRM_X"], CrmWriteBackOutbox.MissingFields(check, "crm.deal.update", """{"id":3,"fields":{"UF_CRM_X":"1"}}"""));
    }

    [Fact]
    public void AWriteIsSentWhenNothingIsKnownOrItNamesNoUserField()
    {
        const string write = """{"id":12,"fields":{"UF_CRM_LOY_BALANCE":"10.5"}}""";

        Assert.Empty(CrmWriteBackOutbox.MissingFields(null, "crm.contact.update", write));
        // Leads were never listed: nothing is known of their fields.
        Assert.Empty(CrmWriteBackOutbox.MissingFields(new PortalCheck { ContactFields = "" }, "crm.lead.update", write));
        Assert.Empty(CrmWriteBackOutbox.MissingFields(new PortalCheck { ContactFields = "" }, "crm.timeline.comment.add", """{"fields":{"ENTITY_ID":1,"COMMENT":"x"}}"""));
        Assert.Empty(CrmWriteBackOutbox.MissingFields(new PortalCheck { ContactFields = "UF_CRM_LOY_BALANCE" }, "crm.contact.update", write));
    }
}

/// <summary>How often the background check lists the fields again.</summary>
public sealed class UserFieldWorkerTests
{
    [Theory]
    [InlineData(1, false, false)]
    [InlineData(1, true, false)]
    [InlineData(3, true, true)]
    [InlineData(3, false, false)]
    [InlineData(59, false, false)]
    [InlineData(60, false, true)]
    public void FieldsAreListedAgainEveryFewMinutesWhileWritesWaitAndHourlyOtherwise(int minutes, bool writesWait, bool due) =>
        Assert.Equal(due, Loyalty.Core.Bitrix24.UserFields.UserFieldWorker.IsDue(TimeSpan.FromMinutes(minutes), writesWait));
}
