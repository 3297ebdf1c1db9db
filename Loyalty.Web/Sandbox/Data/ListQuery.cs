using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Loyalty.Web.Sandbox.Api;

namespace Loyalty.Web.Sandbox.Data;

/// <summary>How to read one field of a row: a standard field (possibly computed) or a user field by name.</summary>
internal sealed class FieldAccess(string name, FieldKind kind, Func<Row, object?> read)
{
    public string Name { get; } = name;

    public FieldKind Kind { get; } = kind;

    public object? Read(Row row) => read(row);

    /// <summary>
    /// Resolves a field name exactly as written (names inside filter/order/select are case-sensitive, §2.1).
    /// Unknown names give null and are ignored, as the classic methods ignore them.
    /// </summary>
    public static FieldAccess? Resolve(EntitySchema schema, string name, DateTimeOffset now)
    {
        if (schema.Find(name) is { } field)
        {
            return new FieldAccess(name, field.Kind, row => RowFormatter.Read(schema, row, field, now));
        }

        return schema.CustomFields && name.StartsWith("UF_", StringComparison.Ordinal)
            ? new FieldAccess(name, FieldKind.Json, row => row.Custom?.GetValueOrDefault(name))
            : null;
    }
}

internal enum FilterOperator
{
    Equal,
    NotEqual,
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
    Contains,
    NotContains,
    Like,
    NotLike,
}

/// <summary>One <c>filter</c> entry: an operator prefix on the key (§2.1), a field, and one value or a list (IN).</summary>
internal sealed class Condition(FieldAccess field, FilterOperator op, IReadOnlyList<string> values, PortalTime time)
{
    // Longest first, so that "!=%" is not read as "!=" and "%" on a field starting with "=".
    private static readonly (string Prefix, FilterOperator Op)[] Prefixes =
    [
        ("!=%", FilterOperator.NotLike), ("!%=", FilterOperator.NotLike), ("!@", FilterOperator.NotEqual), ("!%", FilterOperator.NotContains),
        ("!=", FilterOperator.NotEqual), (">=", FilterOperator.GreaterOrEqual), ("<=", FilterOperator.LessOrEqual), ("=%", FilterOperator.Like),
        ("%=", FilterOperator.Like), ("!", FilterOperator.NotEqual), (">", FilterOperator.Greater), ("<", FilterOperator.Less),
        ("@", FilterOperator.Equal), ("=", FilterOperator.Equal), ("%", FilterOperator.Contains),
    ];

    private readonly object?[] _operands = [.. values.Select(v => Values.Operand(field.Kind, v, time))];
    private readonly bool _matchesEmpty = values.Any(v => v.Length == 0);
    private readonly Regex? _like = op is FilterOperator.Like or FilterOperator.NotLike && values.Count > 0 ? LikePattern(values[0]) : null;

    public FieldAccess Field { get; } = field;

    public FilterOperator Operator { get; } = op;

    public IReadOnlyList<string> Texts { get; } = values;

    public static List<Condition> Parse(EntitySchema schema, JsonNode? filter, DateTimeOffset now, PortalTime time, string parameter = "filter")
    {
        var conditions = new List<Condition>();
        switch (filter)
        {
            case null:
                return conditions;
            case JsonArray { Count: 0 }:
                return conditions;
            case JsonValue when Values.Text(filter) is "" or null:
                return conditions;
            case not JsonObject:
                throw RestError.Classic($"Parameter '{parameter}' must be array.");
        }

        foreach (var (key, value) in filter.AsObject())
        {
            if (Create(schema, key, value, now, time) is { } condition)
            {
                conditions.Add(condition);
            }
        }

        return conditions;
    }

    public static Condition? Create(EntitySchema schema, string key, JsonNode? value, DateTimeOffset now, PortalTime time)
    {
        var (op, name) = Split(key);
        if (FieldAccess.Resolve(schema, name, now) is not { } field)
        {
            return null;
        }

        var texts = value is JsonArray or JsonObject
            ? Values.Items(value).Select(Values.Text).OfType<string>().ToList()
            : [Values.Text(value) ?? ""];
        return new Condition(field, op, texts, time);
    }

    public static (FilterOperator Op, string Name) Split(string key)
    {
        foreach (var (prefix, op) in Prefixes)
        {
            if (key.Length > prefix.Length && key.StartsWith(prefix, StringComparison.Ordinal))
            {
                return (op, key[prefix.Length..]);
            }
        }

        return (FilterOperator.Equal, key);
    }

    public bool Matches(Row row)
    {
        var stored = Field.Read(row);
        switch (Operator)
        {
            case FilterOperator.Equal:
                return IsEqual(stored);
            case FilterOperator.NotEqual:
                // SQL's "field <> x" would drop NULLs; Bitrix adds "OR field IS NULL", so empty fields pass "!".
                return !IsEqual(stored);
            case FilterOperator.Contains:
                return Values.Scalars(stored).Any(s => Text(s).Contains(Texts[0], StringComparison.OrdinalIgnoreCase));
            case FilterOperator.NotContains:
                return !Values.Scalars(stored).Any(s => Text(s).Contains(Texts[0], StringComparison.OrdinalIgnoreCase));
            case FilterOperator.Like:
                return Values.Scalars(stored).Any(s => _like!.IsMatch(Text(s)));
            case FilterOperator.NotLike:
                return !Values.Scalars(stored).Any(s => _like!.IsMatch(Text(s)));
            default:
                if (_operands.Length == 0 || _operands[0] is not { } operand)
                {
                    return false;
                }

                return Values.Scalars(stored).Any(s => Operator switch
                {
                    FilterOperator.Greater => Values.Compare(s, operand, time) > 0,
                    FilterOperator.GreaterOrEqual => Values.Compare(s, operand, time) >= 0,
                    FilterOperator.Less => Values.Compare(s, operand, time) < 0,
                    _ => Values.Compare(s, operand, time) <= 0,
                });
        }
    }

    private bool IsEqual(object? stored)
    {
        var any = false;
        foreach (var scalar in Values.Scalars(stored))
        {
            if (scalar is string { Length: 0 })
            {
                continue;
            }

            any = true;
            foreach (var operand in _operands)
            {
                if (operand is not null && Values.Equal(scalar, operand, time))
                {
                    return true;
                }
            }
        }

        // An empty value in the filter means "the field is empty" (NULL or "").
        return !any && _matchesEmpty;
    }

    private static string Text(object scalar) => scalar switch
    {
        string s => s,
        decimal d => d.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => scalar.ToString() ?? "",
    };

    private static Regex LikePattern(string pattern)
    {
        var regex = "^" + Regex.Escape(pattern).Replace("%", ".*", StringComparison.Ordinal).Replace("_", ".", StringComparison.Ordinal) + "$";
        return new Regex(regex, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline);
    }
}

/// <summary>One page of a list: at most 50 rows, the total (0 when <c>start=-1</c> skipped the count) and the next offset.</summary>
internal sealed record ListPage(IReadOnlyList<Row> Rows, long Total, long? Next);

/// <summary>Filtering, ordering and paging shared by every classic list method (§3.1).</summary>
internal static class ListQuery
{
    public const int PageSize = 50;

    public static List<(FieldAccess Field, bool Descending)> ParseOrder(EntitySchema schema, JsonNode? order, DateTimeOffset now)
    {
        var result = new List<(FieldAccess, bool)>();
        if (order is not JsonObject map)
        {
            return result;
        }

        foreach (var (key, value) in map)
        {
            if (FieldAccess.Resolve(schema, key, now) is { } field)
            {
                result.Add((field, string.Equals(Values.Text(value)?.Trim(), "DESC", StringComparison.OrdinalIgnoreCase)));
            }
        }

        return result;
    }

    /// <summary><c>start</c>: an offset; negative (the documented -1) means "no COUNT, no next".</summary>
    public static long ParseStart(JsonNode? start) => Values.Long(Values.Text(start)) ?? 0;

    public static ListPage Run(EntityTable table, IReadOnlyList<Condition> conditions, IReadOnlyList<(FieldAccess Field, bool Descending)> order, long start, PortalTime time)
    {
        var skipCount = start < 0;
        var offset = Math.Max(0, start);
        var byIdOnly = order.Count == 0 || (order.Count == 1 && order[0].Field.Name == "ID");
        var descending = order.Count == 1 && order[0].Descending;

        if (byIdOnly)
        {
            // Rows are already in ID order: scan, count, and keep just the requested window.
            var page = new List<Row>(PageSize);
            long total = 0;
            foreach (var row in Scan(table, conditions, descending))
            {
                if (total >= offset && page.Count < PageSize)
                {
                    page.Add(row);
                }

                total++;
                if (skipCount && page.Count == PageSize)
                {
                    break;
                }
            }

            return Page(page, total, offset, skipCount);
        }

        // Sort keys are read once per row; the ID breaks ties so that pages never overlap.
        var keyed = Scan(table, conditions, false)
            .Select(r => (Row: r, Keys: order.Select(o => Values.Scalars(o.Field.Read(r)).FirstOrDefault()).ToArray()))
            .ToList();
        keyed.Sort((a, b) =>
        {
            for (var i = 0; i < order.Count; i++)
            {
                var c = (a.Keys[i], b.Keys[i]) switch
                {
                    (null, null) => 0,
                    (null, _) => -1, // empty values first, as MySQL sorts NULLs
                    (_, null) => 1,
                    var (x, y) => Values.Compare(x, y, time),
                };
                if (c != 0)
                {
                    return order[i].Descending ? -c : c;
                }
            }

            return a.Row.Id.CompareTo(b.Row.Id);
        });
        var window = keyed.Skip((int)Math.Min(offset, int.MaxValue)).Take(PageSize).Select(k => k.Row).ToList();
        return Page(window, keyed.Count, offset, skipCount);
    }

    private static ListPage Page(List<Row> rows, long total, long offset, bool skipCount) =>
        skipCount
            ? new ListPage(rows, 0, null)
            : new ListPage(rows, total, total > offset + PageSize ? offset + PageSize : null);

    private static IEnumerable<Row> Scan(EntityTable table, IReadOnlyList<Condition> conditions, bool descending)
    {
        var rows = table.Rows;
        if (descending)
        {
            for (var i = rows.Count - 1; i >= 0; i--)
            {
                if (All(conditions, rows[i]))
                {
                    yield return rows[i];
                }
            }

            yield break;
        }

        for (var i = LowerBound(table, conditions); i < rows.Count; i++)
        {
            if (All(conditions, rows[i]))
            {
                yield return rows[i];
            }
        }
    }

    /// <summary>Where an ascending scan may start: a ">ID"/">=ID" condition lets it skip every row before the cursor.</summary>
    private static int LowerBound(EntityTable table, IReadOnlyList<Condition> conditions)
    {
        var index = 0;
        foreach (var condition in conditions)
        {
            if (condition.Field.Name == "ID" && condition.Operator is FilterOperator.Greater or FilterOperator.GreaterOrEqual
                && Values.Decimal(condition.Texts[0]) is { } bound)
            {
                var from = condition.Operator == FilterOperator.Greater ? decimal.Floor(bound) + 1 : decimal.Ceiling(bound);
                if (from > long.MaxValue)
                {
                    return table.Rows.Count;
                }

                index = Math.Max(index, table.LowerBound((long)Math.Max(from, long.MinValue)));
            }
        }

        return index;
    }

    private static bool All(IReadOnlyList<Condition> conditions, Row row)
    {
        foreach (var condition in conditions)
        {
            if (!condition.Matches(row))
            {
                return false;
            }
        }

        return true;
    }
}
