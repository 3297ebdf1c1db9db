using Loyalty.Core.Notifications;

namespace Loyalty.Tests.Core.Notifications;

public sealed class NoticeTemplatesTests
{
    private readonly NoticeTemplates _templates = new();

    [Fact]
    public void AScriptInAContactNameIsEncodedInHtmlAndVerbatimInText()
    {
        var model = new Dictionary<string, object?> { ["contact"] = new Dictionary<string, object?> { ["name"] = "<script>alert(1)</script>" }, ["amount"] = "1 500 ₽" };

        var render = _templates.Render("Привет, {{ contact.name }}", "<p>Здравствуйте, {{ contact.name }}! Бонусы: {{ amount }}</p>", "Здравствуйте, {{ contact.name }}! Бонусы: {{ amount }}", model);

        Assert.True(render.Succeeded);
        var notice = render.Notice!;
        Assert.Equal("<p>Здравствуйте, &lt;script&gt;alert(1)&lt;/script&gt;! Бонусы: 1 500 ₽</p>", notice.Html);
        Assert.DoesNotContain("<script>", notice.Html, StringComparison.Ordinal);
        Assert.Equal("Здравствуйте, <script>alert(1)</script>! Бонусы: 1 500 ₽", notice.Text);
        Assert.Equal("Привет, <script>alert(1)</script>", notice.Subject);
    }

    [Fact]
    public void ObjectModelsAreReadByPropertyNames()
    {
        var render = _templates.Render(null, null, "{{ Name }} получил {{ points }} баллов{% if points > 10 %}!{% endif %}", new { Name = "Анна", Points = 15 });

        Assert.Equal("Анна получил 15 баллов!", render.Notice!.Text);
    }

    [Fact]
    public void ALineBreakInAValueDoesNotBreakTheSubject()
    {
        var render = _templates.Render("Заказ {{ title }}", null, "x", new Dictionary<string, object?> { ["title"] = "A\r\nBcc: x@example.ru" });

        Assert.Equal("Заказ A Bcc: x@example.ru", render.Notice!.Subject);
    }

    [Fact]
    public void BadSyntaxGivesAClearMessageWithTheLineNotAnException()
    {
        var errors = _templates.Validate(new NoticeTemplate("Тема", "<p>Строка 1</p>\n<p>{% if x %}без конца</p>", "Привет, {{ name "));

        Assert.Equal(2, errors.Count);
        var html = Assert.Single(errors, e => e.Part == "Html");
        Assert.NotEmpty(html.Message);
        var text = Assert.Single(errors, e => e.Part == "Text");
        Assert.Equal(1, text.Line);
        Assert.False(_templates.Render("Тема", "<p>{% if x %}</p>", "x", null).Succeeded);
    }

    [Fact]
    public void AMissingValueRendersEmpty() =>
        Assert.Equal("Здравствуйте, !", _templates.Render(null, null, "Здравствуйте, {{ contact.name }}!", new Dictionary<string, object?>()).Notice!.Text);
}
