using Bunit;
using Loyalty.Core.Bitrix24.UserFields;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Components.Pages.Connection;

namespace Loyalty.Tests.Web.Components.Pages.Connection;

/// <summary>The fields part of the Connection page: each field's state, and what an administrator must do about a missing one.</summary>
public sealed class UserFieldsPanelTests
{
    private static readonly DateTime At = ConnectionParts.CheckedAt;

    [Fact]
    public async Task BeforeTheFirstCheckItSaysHowToCheck()
    {
        using var culture = new CultureScope("ru");
        await using var ctx = ConnectionParts.Context();

        var cut = ctx.Render<UserFieldsPanel>(p => p.Add(c => c.Check, null).Add(c => c.Fields, []));

        Assert.Contains("Поля ещё не проверялись", cut.Find("[data-testid=fields-not-checked]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("tr[data-testid^=field-]"));
    }

    [Fact]
    public async Task EachFieldShowsWhetherItIsThereWasCreatedOrWaitsForItsProgram()
    {
        using var culture = new CultureScope("ru");
        await using var ctx = ConnectionParts.Context();

        var cut = ctx.Render<UserFieldsPanel>(p => p
            .Add(c => c.Check, new PortalCheck { CheckedAt = At, ContactFields = "UF_CRM_LOY_BALANCE,UF_CRM_LOY_TIER" })
            .Add(c => c.Fields, [
                Field(CrmFieldEntity.Contact, "UF_CRM_LOY_BALANCE", FieldState.Created),
                Field(CrmFieldEntity.Contact, "UF_CRM_LOY_TIER", FieldState.Present),
                Field(CrmFieldEntity.Deal, "UF_CRM_LOY_NPS", FieldState.Deferred, FieldProgram.Nps),
            ]));

        Assert.Equal("создано порталом", State(cut, "field-Contact-UF_CRM_LOY_BALANCE"));
        Assert.Equal("есть", State(cut, "field-Contact-UF_CRM_LOY_TIER"));
        Assert.Equal("будет создано, когда программа заработает", State(cut, "field-Deal-UF_CRM_LOY_NPS"));
        Assert.Contains("NPS-опрос", cut.Find("[data-testid=field-Deal-UF_CRM_LOY_NPS]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Последняя проверка: 06.12.2026 12:30", cut.Find("[data-testid=fields-checked-at]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=fields-must-add]"));
        Assert.Empty(cut.FindAll("[data-testid=field-todo]"));
    }

    [Fact]
    public async Task AFieldThePortalMayNotCreateIsListedForAnAdministratorWithItsTypeAndWhatToDo()
    {
        using var culture = new CultureScope("ru");
        await using var ctx = ConnectionParts.Context();

        var cut = ctx.Render<UserFieldsPanel>(p => p
            .Add(c => c.Check, new PortalCheck { CheckedAt = At, Error = "crm.lead.userfield.list: insufficient_scope: The request requires higher privileges." })
            .Add(c => c.Fields, [
                Field(CrmFieldEntity.Contact, "UF_CRM_LOY_BALANCE", FieldState.Missing, reason: FieldMissingReason.AccessDenied, error: ": Access denied."),
                Field(CrmFieldEntity.Deal, "UF_CRM_LOY_REDEEM", FieldState.Missing, reason: FieldMissingReason.Refused, error: "ERROR_CORE: Incorrect custom type specified."),
                Field(CrmFieldEntity.Contact, "UF_CRM_MY_TIER", FieldState.Missing, reason: FieldMissingReason.OwnCode, type: null),
            ]));

        var mustAdd = cut.Find("[data-testid=fields-must-add]").TextContent;
        Assert.Contains("Администратор Bitrix24 должен добавить поля:", mustAdd, StringComparison.Ordinal);
        Assert.Contains("контакт: UF_CRM_LOY_BALANCE, тип double", mustAdd, StringComparison.Ordinal);
        Assert.Contains("сделка: UF_CRM_LOY_REDEEM, тип double", mustAdd, StringComparison.Ordinal);
        Assert.Equal("нет в Bitrix24", State(cut, "field-Contact-UF_CRM_LOY_BALANCE"));
        Assert.Contains("Пользователь вебхука не администратор", Todo(cut, "field-Contact-UF_CRM_LOY_BALANCE"), StringComparison.Ordinal);
        Assert.Contains("Bitrix24 не создал поле: ERROR_CORE: Incorrect custom type specified.", Todo(cut, "field-Deal-UF_CRM_LOY_REDEEM"), StringComparison.Ordinal);
        Assert.Contains("Этот код указан в настройках программы", Todo(cut, "field-Contact-UF_CRM_MY_TIER"), StringComparison.Ordinal);
        Assert.Contains("insufficient_scope", cut.Find("[data-testid=fields-error]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InEnglishTheStatesAndTheAdviceAreEnglish()
    {
        using var culture = new CultureScope("en");
        await using var ctx = ConnectionParts.Context();

        var cut = ctx.Render<UserFieldsPanel>(p => p
            .Add(c => c.Check, new PortalCheck { CheckedAt = At })
            .Add(c => c.Fields, [
                Field(CrmFieldEntity.Contact, "UF_CRM_LOY_BALANCE", FieldState.Missing, reason: FieldMissingReason.AccessDenied),
                Field(CrmFieldEntity.Deal, "UF_CRM_LOY_REDEEMED", FieldState.Created),
            ]));

        Assert.Equal("missing in Bitrix24", State(cut, "field-Contact-UF_CRM_LOY_BALANCE"));
        Assert.Equal("created by the portal", State(cut, "field-Deal-UF_CRM_LOY_REDEEMED"));
        Assert.Contains("contact: UF_CRM_LOY_BALANCE, type double", cut.Find("[data-testid=fields-must-add]").TextContent, StringComparison.Ordinal);
        Assert.Contains("The webhook's user is not an administrator", Todo(cut, "field-Contact-UF_CRM_LOY_BALANCE"), StringComparison.Ordinal);
    }

    private static UserFieldCheck Field(
        CrmFieldEntity entity, string code, FieldState state, FieldProgram program = FieldProgram.Bonuses, FieldMissingReason? reason = null, string? error = null, string? type = "double") =>
        new()
        {
            Entity = entity, Code = code, State = state, Program = program, Reason = reason, Error = error, Type = type, Owned = reason != FieldMissingReason.OwnCode,
            CheckedAt = At, ChangedAt = At,
        };

    private static string State(IRenderedComponent<UserFieldsPanel> cut, string row) => cut.Find($"[data-testid={row}] [data-testid=field-state]").TextContent.Trim();

    private static string Todo(IRenderedComponent<UserFieldsPanel> cut, string row) => cut.Find($"[data-testid={row}] [data-testid=field-todo]").TextContent;
}
