using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Loyalty.Core.Data;

/// <summary>
/// Every time in the database is UTC. Reading marks it as such, so that a value never comes back as
/// <see cref="DateTimeKind.Unspecified"/> and gets shifted by a local-time conversion.
/// </summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    value => value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime(),
    value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
