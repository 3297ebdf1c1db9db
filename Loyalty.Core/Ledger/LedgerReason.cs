using System.Globalization;
using System.Text.Json;

namespace Loyalty.Core.Ledger;

/// <summary>
/// Why an entry was made, as a code and its values (invariant text: kopecks, percents, CRM type and ID), so the reader's
/// language can say it (<see cref="LedgerReasonText"/>). Stored in <see cref="LedgerEntry.Reason"/> and
/// <see cref="LedgerEntry.ReasonArgs"/>; entries written before reasons existed keep their <see cref="LedgerEntry.Comment"/>.
/// </summary>
public sealed record LedgerReason(string Code, IReadOnlyDictionary<string, string> Args)
{
    /// <summary>A bonus accrual: <c>Percent</c> % of <c>Amount</c> kopecks.</summary>
    public const string BonusPercent = "BonusPercent";

    /// <summary>A bonus accrual: <c>Points</c> bonus roubles for every <c>Step</c> kopecks of <c>Amount</c>.</summary>
    public const string BonusSteps = "BonusSteps";

    /// <summary>A redemption entered in a deal: <c>Applied</c> kopecks.</summary>
    public const string BonusRedeemed = "BonusRedeemed";

    /// <summary>A redemption cut to the customer's balance: <c>Requested</c>, <c>Applied</c>, <c>Balance</c>.</summary>
    public const string BonusRedeemedUpToBalance = "BonusRedeemedUpToBalance";

    /// <summary>A redemption cut to the share of the deal bonuses may pay: <c>Requested</c>, <c>Applied</c>, <c>Share</c> (percent).</summary>
    public const string BonusRedeemedUpToShare = "BonusRedeemedUpToShare";

    /// <summary>A recalculation's correction: <c>Id</c>, the accrual's own reason (<c>Accrual</c>…), <c>Was</c> and <c>Now</c> kopecks.</summary>
    public const string BonusRecalculated = "BonusRecalculated";

    /// <summary>A recalculation took back a deal that no longer takes part: <c>Id</c>, <c>Was</c>.</summary>
    public const string BonusRecalculatedOut = "BonusRecalculatedOut";

    /// <summary>Bonuses of a deal that is no longer won, taken back.</summary>
    public const string BonusDealUnwon = "BonusDealUnwon";

    /// <summary>Bonuses spent on a deal that was lost, given back.</summary>
    public const string BonusDealLost = "BonusDealLost";

    /// <summary>A won deal's amount changed to <c>Amount</c> kopecks.</summary>
    public const string BonusDealAmountChanged = "BonusDealAmountChanged";

    /// <summary>What was left of a credit expired.</summary>
    public const string Expired = "Expired";

    /// <summary>Gamification points for a CRM action: <c>Trigger</c> (a <c>PointTrigger</c>), <c>Type</c> and <c>Id</c> of the record.</summary>
    public const string Points = "Points";

    /// <summary>Points taken back: the deal is no longer won (<c>Type</c> deal, <c>Id</c>).</summary>
    public const string PointsDealUnwon = "PointsDealUnwon";

    /// <summary>Points corrected: the won deal's amount changed (<c>Type</c> deal, <c>Id</c>).</summary>
    public const string PointsDealAmountChanged = "PointsDealAmountChanged";

    /// <summary>A promoter's commission on a referred won deal: <c>Percent</c> % of <c>Amount</c> kopecks; <c>Type</c> deal, <c>Id</c>; <c>PayableAfter</c> (UTC, ISO).</summary>
    public const string PromoterCommission = "PromoterCommission";

    /// <summary>A promoter's fixed sum for a referred lead: <c>Trigger</c> (LeadCreated, LeadConverted), <c>Type</c> lead, <c>Id</c>; <c>PayableAfter</c>.</summary>
    public const string PromoterLead = "PromoterLead";

    /// <summary>A promoter's commission taken back: the deal is no longer won (<c>Type</c> deal, <c>Id</c>).</summary>
    public const string PromoterDealUnwon = "PromoterDealUnwon";

    /// <summary>As <see cref="PromoterDealUnwon"/>, but the commission was already paid: the balance owes it and the next commissions settle it.</summary>
    public const string PromoterClawback = "PromoterClawback";

    /// <summary>A promoter's payout, paid: run <c>Run</c>, payment order <c>Reference</c>, paid on <c>PaidOn</c> (yyyy-MM-dd).</summary>
    public const string PromoterPayout = "PromoterPayout";

    public static LedgerReason Of(string code, params (string Name, object? Value)[] args) =>
        new(code, args.Where(a => a.Value is not null)
            .ToDictionary(a => a.Name, a => Convert.ToString(a.Value, CultureInfo.InvariantCulture) ?? ""));

    /// <summary>The CRM record the reason names, if any (<c>activity</c> 20058).</summary>
    public (string Type, long Id)? Source =>
        Args.TryGetValue("Type", out var type) && Args.TryGetValue("Id", out var id) && long.TryParse(id, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? (type, value)
            : null;

    public string ArgsJson() => JsonSerializer.Serialize(Args);

    /// <summary>The reason of a stored entry; null when it has none (an older entry) or its values cannot be read.</summary>
    public static LedgerReason? Read(string? code, string? argsJson)
    {
        if (string.IsNullOrEmpty(code))
        {
            return null;
        }

        try
        {
            var args = string.IsNullOrEmpty(argsJson) ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(argsJson);
            return new LedgerReason(code, args ?? []);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public long Long(string name) => Args.TryGetValue(name, out var v) && long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;

    public decimal Decimal(string name) => Args.TryGetValue(name, out var v) && decimal.TryParse(v, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) ? n : 0;

    public string Text(string name) => Args.TryGetValue(name, out var v) ? v : "";
}
