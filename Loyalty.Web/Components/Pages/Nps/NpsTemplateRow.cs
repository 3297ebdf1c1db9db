using Loyalty.Core.Nps;

namespace Loyalty.Web.Components.Pages.Nps;

/// <summary>A template in the list: how many rules send it and how many surveys went out with it; <see cref="Updated"/> as the reader reads it.</summary>
public sealed record NpsTemplateRow(long Id, string Name, NpsScale Scale, bool Archived, int Rules, int Sent, string Updated, string? UpdatedBy);
