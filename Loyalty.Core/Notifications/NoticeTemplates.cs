using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using Fluid;

namespace Loyalty.Core.Notifications;

/// <summary>A notice's texts with Liquid markers (<c>{{ contact.name }}</c>); <see cref="Html"/> and <see cref="Subject"/> only for e-mail.</summary>
public sealed record NoticeTemplate(string? Subject, string? Html, string Text);

/// <summary>A notice's texts as they will be sent.</summary>
public sealed record RenderedNotice(string? Subject, string? Html, string Text);

/// <summary>What is wrong with one part of a template (<c>Subject</c>, <c>Html</c>, <c>Text</c>), with the line when the parser knows it.</summary>
public sealed record TemplateError(string Part, string Message, int? Line, int? Column);

/// <summary>The rendered notice, or the errors that kept it from rendering.</summary>
public sealed record TemplateRender(RenderedNotice? Notice, IReadOnlyList<TemplateError> Errors)
{
    public bool Succeeded => Notice is not null;
}

/// <summary>
/// Renders notice templates with Liquid (Fluid): values are HTML-encoded in the HTML part only; the subject, the text
/// part and SMS get them as they are (plain text cannot run a script). A template that does not parse gives an error
/// naming the part and the line, never an exception: programs validate a template when it is saved and render it when
/// they queue a notice, so nothing is rendered at send time.
/// </summary>
public sealed partial class NoticeTemplates
{
    private static readonly FluidParser Parser = new();

    // Cyrillic stays readable in the HTML source; <, >, &, quotes are still encoded.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    private static readonly TemplateOptions Options = new TemplateOptionsBuilder()
        .WithModelNamesComparer(StringComparer.OrdinalIgnoreCase)
        .Build();

    /// <summary>The errors of every part; empty when all parse.</summary>
    public IReadOnlyList<TemplateError> Validate(NoticeTemplate template)
    {
        var errors = new List<TemplateError>();
        Parse("Subject", template.Subject, errors);
        Parse("Html", template.Html, errors);
        Parse("Text", template.Text, errors);
        return errors;
    }

    public TemplateRender Render(string? subject, string? html, string text, object? model) => Render(new NoticeTemplate(subject, html, text), model);

    /// <summary>Renders every part against <paramref name="model"/> (an object or a dictionary; names are case-insensitive).</summary>
    public TemplateRender Render(NoticeTemplate template, object? model)
    {
        var errors = new List<TemplateError>();
        var subject = Parse("Subject", template.Subject, errors);
        var html = Parse("Html", template.Html, errors);
        var text = Parse("Text", template.Text, errors);
        if (errors.Count > 0)
        {
            return new TemplateRender(null, errors);
        }

        var renderedSubject = RenderPart("Subject", subject, model, NullEncoder.Default, errors);
        var renderedHtml = RenderPart("Html", html, model, Html, errors);
        var renderedText = RenderPart("Text", text, model, NullEncoder.Default, errors);
        if (errors.Count > 0)
        {
            return new TemplateRender(null, errors);
        }

        // A subject is one line: a value with a line break must not start a header of its own.
        renderedSubject = renderedSubject is null ? null : LineBreaks().Replace(renderedSubject, " ").Trim();
        return new TemplateRender(new RenderedNotice(renderedSubject, renderedHtml, renderedText ?? ""), []);
    }

    private static IFluidTemplate? Parse(string part, string? source, List<TemplateError> errors)
    {
        if (source is null)
        {
            return null;
        }

        if (Parser.TryParse(source, out var template, out var error))
        {
            return template;
        }

        var position = Position().Match(error ?? "");
        errors.Add(new TemplateError(
            part,
            error ?? "The template could not be read.",
            position.Success ? int.Parse(position.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture) : null,
            position.Success ? int.Parse(position.Groups[2].ValueSpan, System.Globalization.CultureInfo.InvariantCulture) : null));
        return null;
    }

    private static string? RenderPart(string part, IFluidTemplate? template, object? model, TextEncoder encoder, List<TemplateError> errors)
    {
        if (template is null)
        {
            return null;
        }

        try
        {
            var context = model is null ? new TemplateContext(Options) : new TemplateContext(model, Options);
            return template.Render(context, encoder);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A filter given a value it cannot take, a loop too deep: the template's fault, reported like a syntax error.
            errors.Add(new TemplateError(part, ex.Message, null, null));
            return null;
        }
    }

    [GeneratedRegex(@"\((\d+):(\d+)\)")]
    private static partial Regex Position();

    [GeneratedRegex(@"[\r\n]+")]
    private static partial Regex LineBreaks();
}
