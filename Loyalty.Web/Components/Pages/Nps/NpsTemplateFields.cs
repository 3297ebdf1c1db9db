using Loyalty.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Loyalty.Web.Components.Pages.Nps;

/// <summary>The template editor's names for the store's fields and the renderer's parts (<c>Survey.Heading</c> → «Опрос · Заголовок»).</summary>
internal static class NpsTemplateFields
{
    public static readonly string[] Parts = ["Survey", "Positive", "Neutral", "Negative"];

    /// <summary>Where a field or part is, in the reader's words; an unknown name as it is.</summary>
    public static string PartName(IStringLocalizer<SharedResource> l, string field)
    {
        var pieces = field.Split('.', 2);
        var part = l["NpsAdmin_Part_" + pieces[0]];
        if (part.ResourceNotFound)
        {
            var alone = l["NpsAdmin_Field_" + pieces[0]];
            return alone.ResourceNotFound ? field : alone.Value;
        }

        if (pieces.Length == 1)
        {
            return part.Value;
        }

        var name = l["NpsAdmin_Field_" + pieces[1]];
        return $"{part.Value} · {(name.ResourceNotFound ? pieces[1] : name.Value)}";
    }
}
