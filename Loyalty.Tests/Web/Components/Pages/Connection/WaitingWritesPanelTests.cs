using Bunit;
using Loyalty.Core.Bitrix24.UserFields;
using Loyalty.Core.Crm;
using Loyalty.Tests.TestSupport;
using Loyalty.Web.Components.Pages.Connection;

namespace Loyalty.Tests.Web.Components.Pages.Connection;

/// <summary>The waiting writes on the Connection page: the record by name, the missing field as the reason.</summary>
public sealed class WaitingWritesPanelTests
{
    [Fact]
    public async Task NothingIsShownWhenNoWriteWaits()
    {
        using var culture = new CultureScope("ru");
        await using var ctx = ConnectionParts.Context();

        var cut = ctx.Render<WaitingWritesPanel>(p => p.Add(c => c.Waiting, []).Add(c => c.Total, 0));

        Assert.Empty(cut.FindAll("[data-testid=waiting]"));
    }

    [Fact]
    public async Task AWaitingWriteNamesItsRecordAndTheMissingField()
    {
        using var culture = new CultureScope("ru");
        await using var ctx = ConnectionParts.Context();

        var cut = ctx.Render<WaitingWritesPanel>(p => p
            .Add(c => c.Waiting, [
                new WaitingWrite("contact:12:loyalty", CrmFieldEntity.Contact, new CrmRef(CrmKind.Contact, 12, "Ирина Соколова"), ["UF_CRM_LOY_BALANCE", "UF_CRM_LOY_TIER"], ConnectionParts.CheckedAt),
            ])
            .Add(c => c.Total, 3));

        var write = cut.Find("[data-testid=waiting-write]");
        Assert.Contains("Ирина Соколова", write.TextContent, StringComparison.Ordinal);
        Assert.Equal($"{PortalBunit.FixedCrmAddress.Portal}/crm/contact/details/12/", cut.Find("[data-testid=crm-link]").GetAttribute("href"));
        Assert.Equal(
            "поле UF_CRM_LOY_BALANCE отсутствует в Bitrix24 — запись ждёт; поле UF_CRM_LOY_TIER отсутствует в Bitrix24 — запись ждёт",
            cut.Find("[data-testid=waiting-reason]").TextContent);
        Assert.Contains("Записи в CRM ждут полей (3)", cut.Markup, StringComparison.Ordinal);
        Assert.Equal("и ещё 2", cut.Find("[data-testid=waiting-more]").TextContent.Trim());
    }

    [Fact]
    public async Task InEnglishTheReasonIsEnglish()
    {
        using var culture = new CultureScope("en");
        await using var ctx = ConnectionParts.Context();

        var cut = ctx.Render<WaitingWritesPanel>(p => p
            .Add(c => c.Waiting, [new WaitingWrite("deal:7:redeemed", CrmFieldEntity.Deal, new CrmRef(CrmKind.Deal, 7, "Поставка"), ["UF_CRM_LOY_REDEEMED"], ConnectionParts.CheckedAt)])
            .Add(c => c.Total, 1));

        Assert.Equal("field UF_CRM_LOY_REDEEMED is missing in Bitrix24 — the write waits", cut.Find("[data-testid=waiting-reason]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=waiting-more]"));
    }
}
