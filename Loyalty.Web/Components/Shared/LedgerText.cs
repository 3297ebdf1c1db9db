using System.Globalization;
using Loyalty.Core.Ledger;

namespace Loyalty.Web.Components.Shared;

/// <summary>
/// Why a ledger entry was made, in the reader's language: every history grid shows a reason through here
/// (<see cref="LedgerReasonText"/> does the wording; an older entry without a reason shows its stored comment).
/// </summary>
public static class LedgerText
{
    /// <param name="nameOf">Names a CRM record (type, ID) from the mirror; a record it cannot name is left out, never shown as a key.</param>
    public static string? Reason(string? reason, string? reasonArgs, string? comment, Func<string, long, string?>? nameOf = null) =>
        LedgerReasonText.Render(reason, reasonArgs, comment, CultureInfo.CurrentUICulture, nameOf);
}
