using System.Security.Claims;
using Loyalty.Core.Crm;
using Loyalty.Core.Identity;
using Loyalty.Web.Resources;
using Microsoft.Extensions.Localization;

namespace Loyalty.Web.Components.Shared;

/// <summary>Who saved a setting, as histories show it: the display name and, when different, the e-mail (at most 256 characters).</summary>
public static class ActorName
{
    public static string Of(ClaimsPrincipal user)
    {
        var name = UserClaims.DisplayName(user);
        var email = user.FindFirstValue(ClaimTypes.Email) ?? user.Identity?.Name;
        var who = string.IsNullOrEmpty(email) || email == name ? name : $"{name} ({email})";
        return who.Length <= 256 ? who : who[..256];
    }
}

/// <summary>
/// How histories show who did something: a person's name, or a word for the portal itself. Actors are stored as
/// <see cref="ActorName.Of"/> wrote them ("Name (e-mail)"), as an e-mail, as "schedule", or as "system:…" for a
/// program (<c>system:bonuses</c>, <c>system:gamification</c>, <c>system:badges</c>).
/// </summary>
public static class ActorDisplay
{
    public const string Schedule = "schedule";

    /// <summary>The text to show; null for a bare e-mail, whose account's display name is to be looked up (<see cref="ActorLabel"/>).</summary>
    public static string? Text(IStringLocalizer<SharedResource> l, string? actor)
    {
        if (string.IsNullOrWhiteSpace(actor) || actor == Schedule)
        {
            return l["Actor_Schedule"];
        }

        if (actor == "system" || actor.StartsWith("system:", StringComparison.Ordinal))
        {
            var program = actor.Length > "system:".Length ? actor["system:".Length..] : "";
            return l["Actor_System_" + program] is { ResourceNotFound: false } named ? named.Value : l["Actor_System"];
        }

        // "Жанна Климова (zh@example.ru)": the name before the e-mail in brackets.
        var open = actor.LastIndexOf(" (", StringComparison.Ordinal);
        if (open > 0 && actor.EndsWith(')') && actor.AsSpan(open).Contains('@'))
        {
            return actor[..open];
        }

        return actor.Contains('@', StringComparison.Ordinal) ? null : actor;
    }

    /// <summary>The name to show, with a bare e-mail looked up among the portal's accounts (the e-mail itself when no account has it).</summary>
    public static async Task<string> NameAsync(IStringLocalizer<SharedResource> l, CrmNames names, string? actor, CancellationToken ct = default)
    {
        if (Text(l, actor) is { } text)
        {
            return text;
        }

        var email = actor!.Trim();
        return (await names.PeopleAsync([email], ct)).GetValueOrDefault(email, email);
    }

    /// <summary>The e-mail an actor carries ("Name (e-mail)" or a bare e-mail), shown as a hint; null when none.</summary>
    public static string? Email(string? actor)
    {
        if (string.IsNullOrEmpty(actor) || !actor.Contains('@', StringComparison.Ordinal))
        {
            return null;
        }

        var open = actor.LastIndexOf(" (", StringComparison.Ordinal);
        return open > 0 && actor.EndsWith(')') ? actor[(open + 2)..^1] : actor;
    }
}
