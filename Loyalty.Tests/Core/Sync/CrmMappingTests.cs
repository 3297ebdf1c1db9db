using System.Text.Json;
using Loyalty.Core.Bitrix24;
using Loyalty.Core.Crm;
using Loyalty.Core.Sync;
using Loyalty.Tests.TestSupport;

namespace Loyalty.Tests.Core.Sync;

/// <summary>Rows are written the way PROTOCOL.md §5 and §7 say the portal sends them.</summary>
public sealed class CrmMappingTests
{
    private const string DealRow = """
        {
          "ID": "37",
          "TITLE": "Annual subscription",
          "TYPE_ID": "SALE",
          "CATEGORY_ID": "3",
          "STAGE_ID": "C3:WON",
          "STAGE_SEMANTIC_ID": "S",
          "PROBABILITY": null,
          "CURRENCY_ID": "RUB",
          "OPPORTUNITY": "19999.99",
          "IS_MANUAL_OPPORTUNITY": "N",
          "TAX_VALUE": "0.00",
          "COMPANY_ID": "0",
          "CONTACT_ID": "12",
          "LEAD_ID": null,
          "ASSIGNED_BY_ID": "5",
          "SOURCE_ID": "WEB",
          "DATE_CREATE": "2024-08-30T09:15:00+03:00",
          "DATE_MODIFY": "2024-09-02T18:37:18+02:00",
          "MOVED_TIME": "2024-09-02T18:30:00+02:00",
          "CLOSEDATE": "2024-09-09T02:00:00+02:00",
          "BEGINDATE": "2024-08-30T02:00:00+02:00",
          "OPENED": "Y",
          "CLOSED": "Y",
          "UF_CRM_1721244482250": "loyalty",
          "UF_CRM_1720000000000": ["3", "4"]
        }
        """;

    private const string ContactRow = """
        {
          "ID": "12",
          "NAME": "Anna",
          "LAST_NAME": "Petrova",
          "SECOND_NAME": "Sergeevna",
          "PHONE": [
            {"ID": "222", "VALUE_TYPE": "MOBILE", "VALUE": "+7 (999) 123-45-67", "TYPE_ID": "PHONE"},
            {"ID": "223", "VALUE_TYPE": "WORK", "VALUE": "8 495 000 00 00", "TYPE_ID": "PHONE"}
          ],
          "EMAIL": [
            {"ID": "224", "VALUE_TYPE": "WORK", "VALUE": " Anna.Petrova@Example.COM ", "TYPE_ID": "EMAIL"}
          ],
          "ASSIGNED_BY_ID": "5",
          "COMPANY_ID": "",
          "SOURCE_ID": "CALL",
          "DATE_CREATE": "2024-09-01T10:00:00+03:00",
          "DATE_MODIFY": "2024-09-02T18:37:18+02:00",
          "UTM_SOURCE": "newsletter",
          "UF_CRM_CARD": "4000-1234",
          "UF_CRM_BIRTHDAY": "",
          "UF_CRM_AGREED": "Y"
        }
        """;

    private const string LeadRow = """
        {
          "ID": "101",
          "TITLE": "Loyalty signup",
          "NAME": "Ivan",
          "LAST_NAME": "Sidorov",
          "STATUS_ID": "IN_PROCESS",
          "SOURCE_ID": "WEB",
          "ASSIGNED_BY_ID": "7",
          "CONTACT_ID": "0",
          "COMPANY_ID": null,
          "OPPORTUNITY": "1500",
          "CURRENCY_ID": "RUB",
          "PHONE": [{"ID": "301", "VALUE_TYPE": "MOBILE", "VALUE": "8 999 123 45 67", "TYPE_ID": "PHONE"}],
          "EMAIL": [{"ID": "302", "VALUE_TYPE": "HOME", "VALUE": "IVAN@MAIL.RU", "TYPE_ID": "EMAIL"}],
          "DATE_CREATE": "2024-09-02T08:00:00+00:00",
          "DATE_MODIFY": "2024-09-02T18:37:18+03:00",
          "UF_CRM_1721244482250": "x"
        }
        """;

    [Fact]
    public void ADealRowMapsEveryFieldWithIdsAsNumbersMoneyInKopecksAndTimesInUtc()
    {
        var deal = CrmMapping.Deal(Row(DealRow));

        Assert.Equal(37L, deal.Id);
        Assert.Equal("Annual subscription", deal.Title);
        Assert.Equal(3L, deal.PipelineId);
        Assert.Equal("C3:WON", deal.StageId);
        Assert.Equal(StageSemantics.Success, deal.Semantics);
        Assert.Equal(1999999L, deal.AmountMinor);
        Assert.Equal(1999999L, deal.Amount.Minor);
        Assert.Equal("RUB", deal.CurrencyId);
        Assert.Equal(12L, deal.ContactId);
        Assert.Null(deal.CompanyId);
        Assert.Null(deal.LeadId);
        Assert.Equal(5L, deal.AssignedById);
        Assert.Equal("WEB", deal.SourceId);
        AssertUtc(new DateTime(2024, 8, 30, 6, 15, 0), deal.CreatedAt);
        AssertUtc(new DateTime(2024, 9, 2, 16, 37, 18), deal.ModifiedAt);
        AssertUtc(new DateTime(2024, 9, 2, 16, 30, 0), deal.MovedAt);
        AssertUtc(new DateTime(2024, 9, 9, 0, 0, 0), deal.ClosedAt);
        Assert.Null(deal.WonAt);
        Assert.Null(deal.DeletedAt);
    }

    [Fact]
    public void ADealInTheDefaultPipelineHasPipelineZero()
    {
        var deal = CrmMapping.Deal(Row("""{"ID":"38","CATEGORY_ID":"0","STAGE_ID":"NEW","STAGE_SEMANTIC_ID":"P","OPPORTUNITY":"0.00","CLOSED":"N"}"""));

        Assert.Equal(0L, deal.PipelineId);
        Assert.Equal("NEW", deal.StageId);
        Assert.Equal(StageSemantics.InProgress, deal.Semantics);
        Assert.Equal(0L, deal.AmountMinor);
    }

    [Fact]
    public void ADealWithoutCategoryIsInTheDefaultPipeline() =>
        Assert.Equal(0L, CrmMapping.Deal(Row("""{"ID":"38","STAGE_ID":"NEW"}""")).PipelineId);

    [Theory]
    [InlineData("P", StageSemantics.InProgress)]
    [InlineData("S", StageSemantics.Success)]
    [InlineData("F", StageSemantics.Failure)]
    public void DealSemanticsComeFromStageSemanticId(string code, StageSemantics expected)
    {
        var deal = CrmMapping.Deal(Row($$"""{"ID":"37","CATEGORY_ID":"1","STAGE_ID":"C1:EXECUTING","STAGE_SEMANTIC_ID":"{{code}}"}"""));

        Assert.Equal(expected, deal.Semantics);
    }

    [Fact]
    public void AStageCodeEndingInWonDoesNotMakeADealWonWhenTheSemanticsSayInProgress()
    {
        var deal = CrmMapping.Deal(Row("""{"ID":"37","CATEGORY_ID":"3","STAGE_ID":"C3:WON","STAGE_SEMANTIC_ID":"P"}"""));

        Assert.Equal(StageSemantics.InProgress, deal.Semantics);
    }

    [Theory]
    [InlineData("\"0\"")]
    [InlineData("\"\"")]
    [InlineData("null")]
    public void EmptyLinksOnADealMapToNull(string json)
    {
        var deal = CrmMapping.Deal(Row($$"""{"ID":"37","STAGE_ID":"NEW","CONTACT_ID":{{json}},"COMPANY_ID":{{json}},"LEAD_ID":{{json}}}"""));

        Assert.Null(deal.ContactId);
        Assert.Null(deal.CompanyId);
        Assert.Null(deal.LeadId);
    }

    [Fact]
    public void AnOpenDealHasNoClosedTimeEvenWithACloseDate()
    {
        var deal = CrmMapping.Deal(Row("""{"ID":"37","STAGE_ID":"NEW","CLOSED":"N","CLOSEDATE":"2024-09-09T02:00:00+02:00"}"""));

        Assert.Null(deal.ClosedAt);
    }

    [Theory]
    [InlineData("\"19999.99\"", 1999999L)]
    [InlineData("\"1500\"", 150000L)]
    [InlineData("\"1500.00\"", 150000L)]
    [InlineData("\"1500.10\"", 150010L)]
    [InlineData("\"0.01\"", 1L)]
    [InlineData("19000", 1900000L)]
    [InlineData("\"\"", 0L)]
    [InlineData("null", 0L)]
    public void OpportunityBecomesExactKopecks(string json, long kopecks)
    {
        using var culture = new CultureScope("ru-RU");

        var deal = CrmMapping.Deal(Row($$"""{"ID":"37","STAGE_ID":"NEW","OPPORTUNITY":{{json}}}"""));

        Assert.Equal(kopecks, deal.AmountMinor);
    }

    [Fact]
    public void DealUserFieldsKeepOnlyUfKeysSortedByName()
    {
        var deal = CrmMapping.Deal(Row(DealRow));

        Assert.Equal("""{"UF_CRM_1720000000000":["3","4"],"UF_CRM_1721244482250":"loyalty"}""", deal.UserFields);
    }

    [Fact]
    public void ADealWithoutUserFieldsHasNoUserFieldsJson() =>
        Assert.Null(CrmMapping.Deal(Row("""{"ID":"37","STAGE_ID":"NEW","TITLE":"UF_CRM_1 is not a key"}""")).UserFields);

    [Fact]
    public void AnOpportunityThatIsNotANumberIsRefusedNamingTheField()
    {
        var error = Assert.Throws<Bitrix24FormatException>(() => CrmMapping.Deal(Row("""{"ID":"37","STAGE_ID":"NEW","OPPORTUNITY":"abc"}""")));

        Assert.Equal("OPPORTUNITY", error.Field);
        Assert.Equal("abc", error.Value);
        Assert.Contains("OPPORTUNITY", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"ID":"37"}""")]
    [InlineData("""{"ID":"37","STAGE_ID":""}""")]
    [InlineData("""{"ID":"37","STAGE_ID":null}""")]
    public void ADealWithoutAStageIsRefusedNamingStageId(string json)
    {
        var error = Assert.Throws<Bitrix24FormatException>(() => CrmMapping.Deal(Row(json)));

        Assert.Equal("STAGE_ID", error.Field);
    }

    [Fact]
    public void AnUnknownStageSemanticIsRefusedNamingTheField()
    {
        var error = Assert.Throws<Bitrix24FormatException>(() => CrmMapping.Deal(Row("""{"ID":"37","STAGE_ID":"NEW","STAGE_SEMANTIC_ID":"X"}""")));

        Assert.Equal("STAGE_SEMANTIC_ID", error.Field);
        Assert.Equal("X", error.Value);
    }

    [Theory]
    [InlineData("DATE_MODIFY", "2024-09-02T18:37:18")]
    [InlineData("DATE_CREATE", "2024-09-02 18:37:18")]
    [InlineData("MOVED_TIME", "02.09.2024 18:37:18")]
    public void ADateWithoutAnOffsetIsRefusedNamingTheField(string field, string value)
    {
        var error = Assert.Throws<Bitrix24FormatException>(() => CrmMapping.Deal(Row($$"""{"ID":"37","STAGE_ID":"NEW","{{field}}":"{{value}}"}""")));

        Assert.Equal(field, error.Field);
        Assert.Equal(value, error.Value);
    }

    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("\"-1\"")]
    [InlineData("\"\"")]
    [InlineData("null")]
    public void ARowWithoutAUsableIdIsRefusedNamingId(string json)
    {
        var error = Assert.Throws<Bitrix24FormatException>(() => CrmMapping.Deal(Row($$"""{"ID":{{json}},"STAGE_ID":"NEW"}""")));

        Assert.Equal("ID", error.Field);
    }

    [Fact]
    public void AContactRowMapsNamesMultifieldsLinksAndTimes()
    {
        var contact = CrmMapping.Contact(Row(ContactRow));

        Assert.Equal(12L, contact.Id);
        Assert.Equal("Anna", contact.FirstName);
        Assert.Equal("Petrova", contact.LastName);
        Assert.Equal("Sergeevna", contact.SecondName);
        Assert.Equal("+7 (999) 123-45-67; 8 495 000 00 00", contact.Phones);
        Assert.Equal(" Anna.Petrova@Example.COM ", contact.Emails);
        Assert.Equal("79991234567", contact.PhoneDigits);
        Assert.Equal("anna.petrova@example.com", contact.EmailNormalized);
        Assert.Equal(5L, contact.AssignedById);
        Assert.Null(contact.CompanyId);
        Assert.Equal("CALL", contact.SourceId);
        AssertUtc(new DateTime(2024, 9, 1, 7, 0, 0), contact.CreatedAt);
        AssertUtc(new DateTime(2024, 9, 2, 16, 37, 18), contact.ModifiedAt);
    }

    [Fact]
    public void ContactUserFieldsKeepOnlyUfKeysSortedByNameWithTheirValuesAsSent()
    {
        var contact = CrmMapping.Contact(Row(ContactRow));

        Assert.Equal("""{"UF_CRM_AGREED":"Y","UF_CRM_BIRTHDAY":"","UF_CRM_CARD":"4000-1234"}""", contact.UserFields);
    }

    [Fact]
    public void UserFieldTextOutsideAsciiSurvivesTheRoundTrip()
    {
        var contact = CrmMapping.Contact(Row("""{"ID":"12","UF_CRM_CITY":"Москва","NAME":"Анна"}"""));

        using var fields = JsonDocument.Parse(contact.UserFields!);
        Assert.Equal(["UF_CRM_CITY"], fields.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Москва", fields.RootElement.GetProperty("UF_CRM_CITY").GetString());
        Assert.Equal("Анна", contact.FirstName);
    }

    [Fact]
    public void AContactWithoutPhoneOrEmailHasNoNormalisedOnes()
    {
        var contact = CrmMapping.Contact(Row("""{"ID":"12","NAME":"Anna","PHONE":[],"EMAIL":null}"""));

        Assert.Null(contact.Phones);
        Assert.Null(contact.Emails);
        Assert.Null(contact.PhoneDigits);
        Assert.Null(contact.EmailNormalized);
        Assert.Equal("", contact.LastName);
        Assert.Null(contact.SecondName);
        Assert.Null(contact.UserFields);
    }

    [Theory]
    [InlineData("+7 (999) 123-45-67", "79991234567")]
    [InlineData("8 999 123 45 67", "79991234567")]
    [InlineData("9991234567", "79991234567")]
    [InlineData("+7-999-123-45-67", "79991234567")]
    [InlineData("89991234567", "79991234567")]
    [InlineData("+44 20 7946 0958", "442079460958")]
    public void PhonesAreReducedToDigitsWithTheRussianPrefixAsSeven(string phone, string digits) =>
        Assert.Equal(digits, CrmMapping.PhoneDigits(phone));

    [Theory]
    [InlineData("")]
    [InlineData("n/a")]
    [InlineData("+ ( ) -")]
    public void APhoneWithoutDigitsHasNoDigits(string phone) =>
        Assert.Null(CrmMapping.PhoneDigits(phone));

    [Theory]
    [InlineData("8 (999) 123-45-67")]
    [InlineData("9991234567")]
    public void TheFirstPhoneOfAContactIsNormalised(string phone)
    {
        var contact = CrmMapping.Contact(Row($$"""{"ID":"12","PHONE":[{"ID":"1","VALUE_TYPE":"WORK","VALUE":"{{phone}}","TYPE_ID":"PHONE"}]}"""));

        Assert.Equal("79991234567", contact.PhoneDigits);
    }

    [Fact]
    public void ALeadRowMapsEveryField()
    {
        var lead = CrmMapping.Lead(Row(LeadRow));

        Assert.Equal(101L, lead.Id);
        Assert.Equal("Loyalty signup", lead.Title);
        Assert.Equal("Ivan", lead.FirstName);
        Assert.Equal("Sidorov", lead.LastName);
        Assert.Equal("IN_PROCESS", lead.StatusId);
        Assert.Equal("WEB", lead.SourceId);
        Assert.Equal(7L, lead.AssignedById);
        Assert.Null(lead.ContactId);
        Assert.Null(lead.CompanyId);
        Assert.Equal(150000L, lead.AmountMinor);
        Assert.Equal("RUB", lead.CurrencyId);
        Assert.Equal("79991234567", lead.PhoneDigits);
        Assert.Equal("ivan@mail.ru", lead.EmailNormalized);
        AssertUtc(new DateTime(2024, 9, 2, 8, 0, 0), lead.CreatedAt);
        AssertUtc(new DateTime(2024, 9, 2, 15, 37, 18), lead.ModifiedAt);
        Assert.Equal("""{"UF_CRM_1721244482250":"x"}""", lead.UserFields);
        Assert.Null(lead.ConvertedAt);
    }

    [Fact]
    public void ALeadWithAnUnreadableOpportunityIsRefusedNamingTheField()
    {
        var error = Assert.Throws<Bitrix24FormatException>(() => CrmMapping.Lead(Row("""{"ID":"101","STATUS_ID":"NEW","OPPORTUNITY":"1 500,00"}""")));

        Assert.Equal("OPPORTUNITY", error.Field);
    }

    [Fact]
    public void AUserRowWithAJsonBooleanAndDepartmentIntsMapsToAnEmployeeOfTheFirstDepartment()
    {
        var employee = CrmMapping.Employee(Row("""
            {
              "ID": "5",
              "ACTIVE": true,
              "NAME": "Olga",
              "LAST_NAME": "Ivanova",
              "SECOND_NAME": "",
              "EMAIL": "olga@example.com",
              "WORK_POSITION": "Sales manager",
              "PERSONAL_PHOTO": "https://example.bitrix24.ru/upload/main/olga.png",
              "UF_DEPARTMENT": [5, 7],
              "USER_TYPE": "employee",
              "IS_ONLINE": "N",
              "TIMESTAMP_X": {},
              "LAST_LOGIN": "2024-09-02T18:37:18+03:00"
            }
            """));

        Assert.Equal(5L, employee.Id);
        Assert.True(employee.Active);
        Assert.Equal("Olga", employee.FirstName);
        Assert.Equal("Ivanova", employee.LastName);
        Assert.Equal("olga@example.com", employee.Email);
        Assert.Equal("Sales manager", employee.Position);
        Assert.Equal("https://example.bitrix24.ru/upload/main/olga.png", employee.PhotoUrl);
        Assert.Equal(5L, employee.DepartmentId);
    }

    [Theory]
    [InlineData("false")]
    [InlineData("\"N\"")]
    public void AnInactiveUserMapsToAnInactiveEmployee(string json) =>
        Assert.False(CrmMapping.Employee(Row($$"""{"ID":"6","ACTIVE":{{json}},"UF_DEPARTMENT":[]}""")).Active);

    [Fact]
    public void AUserWithoutDepartmentsHasNoDepartment()
    {
        var employee = CrmMapping.Employee(Row("""{"ID":"6","ACTIVE":true,"NAME":"Bot","UF_DEPARTMENT":[]}"""));

        Assert.Null(employee.DepartmentId);
        Assert.Equal("", employee.LastName);
        Assert.Null(employee.Email);
    }

    [Fact]
    public void ADepartmentRowWithANumericSortMapsEveryField()
    {
        var department = CrmMapping.Department(Row("""{"ID":"15","NAME":"Sales","SORT":500,"PARENT":"1","UF_HEAD":"5"}"""));

        Assert.Equal(15L, department.Id);
        Assert.Equal("Sales", department.Name);
        Assert.Equal(500, department.Sort);
        Assert.Equal(1L, department.ParentId);
        Assert.Equal(5L, department.HeadEmployeeId);
    }

    [Theory]
    [InlineData("\"0\"")]
    [InlineData("\"\"")]
    [InlineData("null")]
    public void ARootDepartmentWithoutAHeadHasNeitherParentNorHead(string head)
    {
        var department = CrmMapping.Department(Row($$"""{"ID":"1","NAME":"Company","SORT":"10","UF_HEAD":{{head}}}"""));

        Assert.Null(department.ParentId);
        Assert.Null(department.HeadEmployeeId);
        Assert.Equal(10, department.Sort);
    }

    [Fact]
    public void ACategoryRowMapsToAPipeline()
    {
        var pipeline = CrmMapping.Pipeline(Row("""{"id":1,"name":"Wholesale","sort":100,"entityTypeId":2,"isDefault":"N","originId":"","originatorId":""}"""));

        Assert.Equal(1L, pipeline.Id);
        Assert.Equal("Wholesale", pipeline.Name);
        Assert.Equal(100, pipeline.Sort);
        Assert.False(pipeline.IsDefault);
    }

    [Fact]
    public void TheCategoryMarkedDefaultIsTheDefaultPipeline()
    {
        var pipeline = CrmMapping.Pipeline(Row("""{"id":0,"name":"General","sort":200,"entityTypeId":2,"isDefault":"Y"}"""));

        Assert.Equal(0L, pipeline.Id);
        Assert.Equal("General", pipeline.Name);
        Assert.Equal(200, pipeline.Sort);
        Assert.True(pipeline.IsDefault);
    }

    [Fact]
    public void ADefaultPipelineStageRowMapsWithPipelineZero()
    {
        var stage = CrmMapping.Stage(Row("""
            {"ID":"101","ENTITY_ID":"DEAL_STAGE","STATUS_ID":"WON","NAME":"Deal won","NAME_INIT":"Deal won","SORT":"60","SYSTEM":"Y",
             "CATEGORY_ID":null,"COLOR":"#7BD500","SEMANTICS":"S","EXTRA":{"SEMANTICS":"success","COLOR":"#7BD500"}}
            """));

        Assert.NotNull(stage);
        Assert.Equal("Deal:WON", stage.Key);
        Assert.Equal(StageEntity.Deal, stage.Entity);
        Assert.Equal("WON", stage.Code);
        Assert.Equal(0L, stage.PipelineId);
        Assert.Equal("Deal won", stage.Name);
        Assert.Equal(60, stage.Sort);
        Assert.Equal(StageSemantics.Success, stage.Semantics);
    }

    [Fact]
    public void AStageOfAnotherPipelineTakesThePipelineFromItsEntityId()
    {
        var stage = CrmMapping.Stage(Row("""
            {"ID":"245","ENTITY_ID":"DEAL_STAGE_3","STATUS_ID":"C3:WON","NAME":"Won","SORT":"60","SYSTEM":"Y",
             "CATEGORY_ID":"3","SEMANTICS":"S","EXTRA":{"SEMANTICS":"success","COLOR":"#7BD500"}}
            """));

        Assert.NotNull(stage);
        Assert.Equal("Deal:C3:WON", stage.Key);
        Assert.Equal(StageEntity.Deal, stage.Entity);
        Assert.Equal("C3:WON", stage.Code);
        Assert.Equal(3L, stage.PipelineId);
        Assert.Equal(StageSemantics.Success, stage.Semantics);
    }

    [Fact]
    public void AnInProgressStageHasNullSemanticsOnTheWire()
    {
        var stage = CrmMapping.Stage(Row("""
            {"ID":"102","ENTITY_ID":"DEAL_STAGE_3","STATUS_ID":"C3:PREPARATION","NAME":"Preparation","SORT":"20","SEMANTICS":null,
             "EXTRA":{"SEMANTICS":"process","COLOR":"#39A8EF"}}
            """));

        Assert.NotNull(stage);
        Assert.Equal(StageSemantics.InProgress, stage.Semantics);
        Assert.Equal(20, stage.Sort);
    }

    [Theory]
    [InlineData("LOSE")]
    [InlineData("APOLOGY")]
    public void LoseAndApologyStagesAreFailures(string code)
    {
        var stage = CrmMapping.Stage(Row($$"""{"ID":"103","ENTITY_ID":"DEAL_STAGE","STATUS_ID":"{{code}}","NAME":"Lost","SORT":"70","SEMANTICS":"F"}"""));

        Assert.NotNull(stage);
        Assert.Equal(StageSemantics.Failure, stage.Semantics);
    }

    [Fact]
    public void ALeadStatusRowMapsToALeadStageWithoutPipeline()
    {
        var stage = CrmMapping.Stage(Row("""
            {"ID":"11","ENTITY_ID":"STATUS","STATUS_ID":"CONVERTED","NAME":"Converted","SORT":"60","SYSTEM":"Y",
             "CATEGORY_ID":null,"SEMANTICS":"S","EXTRA":{"SEMANTICS":"success","COLOR":"#7BD500"}}
            """));

        Assert.NotNull(stage);
        Assert.Equal("Lead:CONVERTED", stage.Key);
        Assert.Equal(StageEntity.Lead, stage.Entity);
        Assert.Equal("CONVERTED", stage.Code);
        Assert.Null(stage.PipelineId);
        Assert.Equal("Converted", stage.Name);
        Assert.Equal(StageSemantics.Success, stage.Semantics);
    }

    [Theory]
    [InlineData("SOURCE", "WEB")]
    [InlineData("DEAL_TYPE", "SALE")]
    [InlineData("DEAL_STAGE_X", "CX:NEW")]
    public void StatusListsTheMirrorDoesNotKeepMapToNothing(string entityId, string code) =>
        Assert.Null(CrmMapping.Stage(Row($$"""{"ID":"201","ENTITY_ID":"{{entityId}}","STATUS_ID":"{{code}}","NAME":"Website","SORT":"10","SEMANTICS":null}""")));

    [Fact]
    public void AStageWithUnknownSemanticsIsRefusedNamingTheField()
    {
        var error = Assert.Throws<Bitrix24FormatException>(() =>
            CrmMapping.Stage(Row("""{"ID":"103","ENTITY_ID":"DEAL_STAGE","STATUS_ID":"LOSE","SORT":"70","SEMANTICS":"X"}""")));

        Assert.Equal("SEMANTICS", error.Field);
    }

    [Fact]
    public void ACallActivityRowMapsEveryField()
    {
        var activity = CrmMapping.Activity(Row("""
            {
              "ID": "901",
              "OWNER_ID": "37",
              "OWNER_TYPE_ID": "2",
              "TYPE_ID": "2",
              "PROVIDER_ID": "VOXIMPLANT_CALL",
              "PROVIDER_TYPE_ID": "CALL",
              "SUBJECT": "Outgoing call",
              "DIRECTION": "2",
              "COMPLETED": "Y",
              "STATUS": "2",
              "RESPONSIBLE_ID": "5",
              "CREATED": "2024-09-02T10:00:00+03:00",
              "LAST_UPDATED": "2024-09-02T10:20:00+03:00",
              "START_TIME": "2024-09-02T10:05:00+03:00",
              "END_TIME": "2024-09-02T10:15:00+03:00",
              "DEADLINE": "2024-09-02T12:00:00+03:00",
              "SETTINGS": [],
              "PROVIDER_PARAMS": []
            }
            """));

        Assert.Equal(901L, activity.Id);
        Assert.Equal(37L, activity.OwnerId);
        Assert.Equal(2, activity.OwnerTypeId);
        Assert.Equal(2, activity.TypeId);
        Assert.Equal(ActivityKind.Call, activity.Kind);
        Assert.Equal("VOXIMPLANT_CALL", activity.ProviderId);
        Assert.Equal("Outgoing call", activity.Subject);
        Assert.Equal(2, activity.Direction);
        Assert.True(activity.Completed);
        Assert.Equal(5L, activity.ResponsibleId);
        AssertUtc(new DateTime(2024, 9, 2, 7, 0, 0), activity.CreatedAt);
        AssertUtc(new DateTime(2024, 9, 2, 7, 20, 0), activity.ModifiedAt);
        AssertUtc(new DateTime(2024, 9, 2, 7, 5, 0), activity.StartTime);
        AssertUtc(new DateTime(2024, 9, 2, 7, 15, 0), activity.EndTime);
        AssertUtc(new DateTime(2024, 9, 2, 9, 0, 0), activity.Deadline);
    }

    [Theory]
    [InlineData("1", ActivityKind.Meeting)]
    [InlineData("2", ActivityKind.Call)]
    [InlineData("3", ActivityKind.Task)]
    [InlineData("4", ActivityKind.Email)]
    [InlineData("5", ActivityKind.Other)]
    [InlineData("6", ActivityKind.Other)]
    public void ActivityKindFollowsTypeId(string typeId, ActivityKind kind) =>
        Assert.Equal(kind, CrmMapping.Activity(Row($$"""{"ID":"901","TYPE_ID":"{{typeId}}","COMPLETED":"N"}""")).Kind);

    [Fact]
    public void AnOpenActivityWithoutTimesMapsAsNotCompleted()
    {
        var activity = CrmMapping.Activity(Row("""{"ID":"902","TYPE_ID":"6","PROVIDER_ID":"CRM_TODO","COMPLETED":"N","DIRECTION":"0","DEADLINE":""}"""));

        Assert.False(activity.Completed);
        Assert.Equal(0, activity.Direction);
        Assert.Null(activity.Deadline);
        Assert.Null(activity.EndTime);
        Assert.Null(activity.ResponsibleId);
    }

    [Fact]
    public void ALongActivitySubjectIsCutTo500Characters()
    {
        var subject = new string('s', 600);

        var activity = CrmMapping.Activity(Row($$"""{"ID":"903","TYPE_ID":"4","SUBJECT":"{{subject}}"}"""));

        Assert.Equal(new string('s', 500), activity.Subject);
    }

    [Fact]
    public void ATaskRowInCamelCaseMapsEveryField()
    {
        var task = CrmMapping.Task(Row("""
            {
              "id": "8017",
              "title": "Call the client back",
              "responsibleId": "5",
              "status": "5",
              "subStatus": "5",
              "createdDate": "2024-09-01T09:00:00+03:00",
              "changedDate": "2024-09-02T18:37:18+02:00",
              "deadline": "2024-09-03T18:00:00+03:00",
              "closedDate": "2024-09-02T18:37:18+02:00",
              "groupId": "0"
            }
            """));

        Assert.Equal(8017L, task.Id);
        Assert.Equal("Call the client back", task.Title);
        Assert.Equal(5L, task.ResponsibleId);
        Assert.Equal(5, task.Status);
        Assert.True(task.IsCompleted);
        AssertUtc(new DateTime(2024, 9, 1, 6, 0, 0), task.CreatedAt);
        AssertUtc(new DateTime(2024, 9, 2, 16, 37, 18), task.ModifiedAt);
        AssertUtc(new DateTime(2024, 9, 3, 15, 0, 0), task.Deadline);
        AssertUtc(new DateTime(2024, 9, 2, 16, 37, 18), task.ClosedAt);
    }

    [Fact]
    public void AnOverdueTaskInProgressKeepsItsRealStatusNotTheOverdueMeta()
    {
        var task = CrmMapping.Task(Row("""{"id":"8018","title":"Late","status":"3","subStatus":"-1","deadline":"2024-09-01T18:00:00+03:00","closedDate":null}"""));

        Assert.Equal(3, task.Status);
        Assert.False(task.IsCompleted);
        Assert.Null(task.ClosedAt);
    }

    [Fact]
    public void ATaskWithoutDeadlineHasNone() =>
        Assert.Null(CrmMapping.Task(Row("""{"id":"8019","title":"No rush","status":"2","deadline":null}""")).Deadline);

    [Fact]
    public void ATaskRowReadWithUpperCaseKeysIsRefusedForWantOfAnId()
    {
        var error = Assert.Throws<Bitrix24FormatException>(() => CrmMapping.Task(Row("""{"ID":"8017","TITLE":"x"}""")));

        Assert.Equal("id", error.Field);
    }

    private static void AssertUtc(DateTime expectedUtc, DateTime? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(DateTimeKind.Utc, actual.Value.Kind);
        Assert.Equal(DateTime.SpecifyKind(expectedUtc, DateTimeKind.Utc), actual.Value);
    }

    [Theory]
    [InlineData("\"999999999999999999999\"")]
    [InlineData("\"-10000000000.01\"")]
    [InlineData("10000000000.01")]
    [InlineData("\"79228162514264337593543950335\"")]
    public void AnAmountBeyondMoneysRangeIsRefusedAsAnAmountOutOfRange(string json)
    {
        var error = Assert.Throws<Bitrix24FormatException>(() => CrmMapping.Deal(Row($$"""{"ID":"37","STAGE_ID":"NEW","OPPORTUNITY":{{json}}}""")));

        Assert.Equal("OPPORTUNITY", error.Field);
        Assert.Equal(Bitrix24ValueKind.Amount, error.Kind);
        Assert.Equal(SyncIssueReason.AmountOutOfRange, SkippedRow.From(error).Reason);
    }

    [Fact]
    public void TheLargestAmountInRangeIsTaken() =>
        Assert.Equal(1_000_000_000_000L, CrmMapping.Deal(Row("""{"ID":"37","STAGE_ID":"NEW","OPPORTUNITY":"10000000000.00"}""")).Amount.Minor);

    [Theory]
    [InlineData("CLOSEDATE", "0000-01-01T00:00:00+03:00")]
    [InlineData("CLOSEDATE", "99999-01-01T00:00:00+03:00")]
    [InlineData("CLOSEDATE", "0001-01-01T02:00:00-03:00")]
    [InlineData("CLOSEDATE", "9999-12-31T23:00:00+03:00")]
    [InlineData("DATE_MODIFY", "1899-12-31T23:59:59+00:00")]
    [InlineData("MOVED_TIME", "3000-01-01T00:00:00+00:00")]
    public void AnImpossibleDateIsRefusedAsABadDate(string field, string value)
    {
        var error = Assert.Throws<Bitrix24FormatException>(
            () => CrmMapping.Deal(Row($$"""{"ID":"37","STAGE_ID":"WON","CLOSED":"Y","{{field}}":"{{value}}"}""")));

        Assert.Equal(field, error.Field);
        Assert.Equal(SyncIssueReason.BadDate, SkippedRow.From(error).Reason);
    }

    [Theory]
    [InlineData("\"+7 999 123-45-67\"")]
    [InlineData("42")]
    [InlineData("[\"+79991234567\"]")]
    [InlineData("[{\"VALUE\":{\"a\":1}}]")]
    [InlineData("[{\"VALUE\":[\"1\",\"2\"]}]")]
    [InlineData("[[{\"VALUE\":\"+79991234567\"}]]")]
    public void AMultifieldOfTheWrongShapeIsRefusedAsABrokenMultifield(string phone)
    {
        var error = Assert.Throws<Bitrix24FormatException>(() => CrmMapping.Contact(Row($$"""{"ID":"12","PHONE":{{phone}}}""")));

        Assert.Equal("PHONE", error.Field);
        Assert.Equal(SyncIssueReason.BadMultiField, SkippedRow.From(error).Reason);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"\"")]
    [InlineData("false")]
    [InlineData("{}")]
    [InlineData("{\"3\":{\"VALUE\":\"+7 999 123-45-67\",\"VALUE_TYPE\":\"WORK\"}}")]
    public void AnEmptyOrPhpKeyedMultifieldIsStillTaken(string phone) =>
        Assert.Equal(12L, CrmMapping.Contact(Row($$"""{"ID":"12","PHONE":{{phone}}}""")).Id);

    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("\"12abc\"")]
    [InlineData("\"1e400\"")]
    [InlineData("\"-1\"")]
    public void ANonNumericIdIsRefusedAsABadId(string id)
    {
        var error = Assert.Throws<Bitrix24FormatException>(() => CrmMapping.Deal(Row($$"""{"ID":{{id}},"STAGE_ID":"NEW"}""")));

        Assert.Equal(SyncIssueReason.BadId, SkippedRow.From(error).Reason);
    }

    [Fact]
    public void AnyOtherExceptionFromMappingSkipsTheRowInsteadOfEscaping()
    {
        var (record, skip) = SkippedRow.TryMap<Deal>(Row("""{"ID":"37","TITLE":"Сделка"}"""), _ => throw new OverflowException("boom"), null);

        Assert.Null(record);
        Assert.Equal(SyncIssueReason.Unreadable, skip!.Reason);
        Assert.Contains("boom", skip.Message, StringComparison.Ordinal);
        Assert.Equal("Сделка", SkippedRow.TitleOf(Loyalty.Core.Sync.SyncEntity.Deals, Row("""{"ID":"37","TITLE":"Сделка"}""")));
    }

    private static Bitrix24Row Row(string json)
    {
        using var document = JsonDocument.Parse(json);
        return new Bitrix24Row(document.RootElement.Clone());
    }
}
