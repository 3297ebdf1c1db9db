using System.Globalization;
using Loyalty.Core.Bonuses;
using Loyalty.Web.Components.Shared;
using Loyalty.Core.Data;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Loyalty.Web.Components.Pages.Bonuses;

public partial class CustomersPage
{
    private const string SkippedTab = "skipped";

    private static CultureInfo Culture => WebServices.FormatCulture;

    private MudDataGrid<CustomerRow>? _grid;
    private BonusSettings? _settings;
    private bool _anyCustomer = true;
    private int _skipped;
    private string? _loadedFilter;

    /// <summary>Name, phone, e-mail or ID; kept in the address with every other filter so a list can be bookmarked.</summary>
    [SupplyParameterFromQuery(Name = QueryKeys.Search)]
    public string? Search { get; set; }

    [SupplyParameterFromQuery(Name = QueryKeys.Tier)]
    public string? Tier { get; set; }

    /// <summary>Balance from, in roubles.</summary>
    [SupplyParameterFromQuery(Name = QueryKeys.BalanceFrom)]
    public string? BalanceFromText { get; set; }

    private decimal? BalanceFrom { get; set; }

    /// <summary>Balance to, in roubles.</summary>
    [SupplyParameterFromQuery(Name = QueryKeys.BalanceTo)]
    public string? BalanceToText { get; set; }

    private decimal? BalanceTo { get; set; }

    /// <summary>Last purchase on or after this day (portal time zone).</summary>
    [SupplyParameterFromQuery(Name = QueryKeys.PurchaseFrom)]
    public string? PurchaseFromText { get; set; }

    private DateOnly? PurchaseFrom { get; set; }

    /// <summary>Last purchase on or before this day (portal time zone).</summary>
    [SupplyParameterFromQuery(Name = QueryKeys.PurchaseTo)]
    public string? PurchaseToText { get; set; }

    private DateOnly? PurchaseTo { get; set; }

    [SupplyParameterFromQuery(Name = QueryKeys.Tab)]
    public string? Tab { get; set; }

    private bool HasFilters =>
        !string.IsNullOrWhiteSpace(Search) || !string.IsNullOrWhiteSpace(Tier) || BalanceFrom is not null || BalanceTo is not null || PurchaseFrom is not null || PurchaseTo is not null;

    private string Filter => string.Join('|', Search?.Trim(), Tier, BalanceFrom, BalanceTo, PurchaseFrom, PurchaseTo);

    protected override async Task OnInitializedAsync()
    {
        _settings = (await SettingsStore.CurrentAsync()).Settings;
        _anyCustomer = await Queries.AnyCustomerAsync();
        _skipped = (await Queries.SkippedAsync(0, 1)).Total;
    }

    protected override async Task OnParametersSetAsync()
    {
        // The address changed under the page (back, forward, a bookmark): show what it says. A value that
        // cannot be read (balanceFrom=1e400, from=someday) is left out, as if the address did not carry it.
        (BalanceFrom, BalanceTo) = (QueryValues.Roubles(BalanceFromText), QueryValues.Roubles(BalanceToText));
        (PurchaseFrom, PurchaseTo) = (QueryValues.Day(PurchaseFromText), QueryValues.Day(PurchaseToText));
        if (_grid is not null && _loadedFilter is not null && _loadedFilter != Filter)
        {
            await _grid.ReloadServerData();
        }
    }

    private async Task<GridData<CustomerRow>> LoadAsync(GridState<CustomerRow> state, CancellationToken ct)
    {
        _loadedFilter = Filter;
        var sort = state.SortDefinitions.FirstOrDefault();
        var query = new CustomerQuery(
            Search,
            string.IsNullOrWhiteSpace(Tier) ? null : Tier,
            Kopecks(BalanceFrom),
            Kopecks(BalanceTo),
            PurchaseFrom,
            PurchaseTo,
            sort?.SortBy switch
            {
                nameof(CustomerRow.Tier) => CustomerSort.Tier,
                nameof(CustomerRow.Balance) => CustomerSort.Balance,
                nameof(CustomerRow.WonSum) => CustomerSort.WonSum,
                nameof(CustomerRow.WonDeals) => CustomerSort.WonDeals,
                nameof(CustomerRow.LastPurchaseAt) => CustomerSort.LastPurchase,
                nameof(CustomerRow.PercentBasisPoints) => CustomerSort.Percent,
                _ => CustomerSort.Name,
            },
            sort?.Descending ?? false,
            state.Page * state.PageSize,
            state.PageSize);
        var page = await Queries.ListAsync(query, ct);
        return new GridData<CustomerRow> { Items = page.Rows, TotalItems = page.Total };
    }

    private Task SetAsync(string key, object? value)
    {
        switch (key)
        {
            case QueryKeys.Search: Search = value as string; break;
            case QueryKeys.Tier: Tier = value as string; break;
            case QueryKeys.BalanceFrom: BalanceFrom = Bounded(value as decimal?); break;
            case QueryKeys.BalanceTo: BalanceTo = Bounded(value as decimal?); break;
            case QueryKeys.PurchaseFrom: PurchaseFrom = value as DateOnly?; break;
            case QueryKeys.PurchaseTo: PurchaseTo = value as DateOnly?; break;
        }

        return ApplyAsync();
    }

    private Task ClearAsync()
    {
        (Search, Tier, BalanceFrom, BalanceTo, PurchaseFrom, PurchaseTo) = (null, null, null, null, null, null);
        return ApplyAsync();
    }

    private async Task ApplyAsync()
    {
        // The grid is reloaded here; the address change that follows must not reload it a second time.
        _loadedFilter = Filter;
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
        {
            [QueryKeys.Search] = string.IsNullOrWhiteSpace(Search) ? null : Search,
            [QueryKeys.Tier] = string.IsNullOrWhiteSpace(Tier) ? null : Tier,
            // Formatted here, so that a bookmark reads 2026-10-01 and 100.5 whatever the culture (left to the navigation manager, a day was not written that way).
            [QueryKeys.BalanceFrom] = BalanceFrom?.ToString(CultureInfo.InvariantCulture),
            [QueryKeys.BalanceTo] = BalanceTo?.ToString(CultureInfo.InvariantCulture),
            [QueryKeys.PurchaseFrom] = PurchaseFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            [QueryKeys.PurchaseTo] = PurchaseTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }), replace: true);
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    private void TabChanged(int index)
    {
        Tab = index == 1 ? SkippedTab : null;
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter(QueryKeys.Tab, Tab), replace: true);
    }

    private static decimal? Bounded(decimal? roubles) => roubles is { } r ? Math.Clamp(r, -QueryValues.MaxRoubles, QueryValues.MaxRoubles) : null;

    private static long? Kopecks(decimal? roubles) => roubles is { } r ? Money.FromDecimal(r).Minor : null;

    private static DateTime? ToDate(DateOnly? day) => day?.ToDateTime(TimeOnly.MinValue);

    private static DateOnly? ToDay(DateTime? date) => date is { } d ? DateOnly.FromDateTime(d) : null;

    private static class QueryKeys
    {
        public const string Search = "q";
        public const string Tier = "tier";
        public const string BalanceFrom = "balanceFrom";
        public const string BalanceTo = "balanceTo";
        public const string PurchaseFrom = "from";
        public const string PurchaseTo = "to";
        public const string Tab = "tab";
    }
}
