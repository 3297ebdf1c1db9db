using Loyalty.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Gamification;

/// <summary>The employees and departments the ratings rank, read once per recalculation (a few thousand rows).</summary>
internal sealed class ParticipantDirectory
{
    internal sealed record Person(long Id, string Name, string? PhotoUrl, long? DepartmentId, bool Active)
    {
        /// <summary>Worked out once per read of the directory, not once per row of every board.</summary>
        public string Initials { get; } = LeaderboardBuilder.Initials(Name);
    }

    internal sealed record Team(long Id, string Name, long? ParentId);

    private readonly Dictionary<long, Person> _people;
    private readonly Dictionary<long, Team> _teams;
    private readonly ILookup<long?, Team> _children;

    private ParticipantDirectory(List<Person> people, List<Team> teams)
    {
        _people = people.ToDictionary(p => p.Id);
        _teams = teams.ToDictionary(t => t.Id);
        _children = teams.ToLookup(t => t.ParentId is { } parent && _teams.ContainsKey(parent) ? parent : (long?)null);
    }

    public static async Task<ParticipantDirectory> LoadAsync(LoyaltyDbContext db, CancellationToken ct)
    {
        var people = await db.Employees.AsNoTracking().Where(e => e.DeletedAt == null)
            .Select(e => new { e.Id, e.FirstName, e.LastName, e.PhotoUrl, e.DepartmentId, e.Active }).ToListAsync(ct);
        var teams = await db.Departments.AsNoTracking().Where(d => d.DeletedAt == null).Select(d => new Team(d.Id, d.Name, d.ParentId)).ToListAsync(ct);
        return new ParticipantDirectory(
            people.Select(p => new Person(p.Id, string.Join(' ', new[] { p.FirstName, p.LastName }.Where(s => s.Length > 0)) is { Length: > 0 } name ? name : $"#{p.Id}", p.PhotoUrl, p.DepartmentId, p.Active)).ToList(),
            teams);
    }

    public Person? FindPerson(long id) => _people.GetValueOrDefault(id);

    public Team? FindTeam(long id) => _teams.GetValueOrDefault(id);

    public string? DepartmentName(long? id) => id is { } d && _teams.TryGetValue(d, out var team) ? team.Name : null;

    /// <summary>A department and all below it.</summary>
    public HashSet<long> Subtree(long departmentId)
    {
        var all = new HashSet<long>();
        var stack = new Stack<long>([departmentId]);
        while (stack.Count > 0)
        {
            var id = stack.Pop();
            if (all.Add(id))
            {
                foreach (var child in _children[id])
                {
                    stack.Push(child.Id);
                }
            }
        }

        return all;
    }

    /// <summary>The teams a team rating ranks when none are chosen: the departments right under the top one (or the top ones, when flat).</summary>
    public IReadOnlyList<Team> DefaultTeams()
    {
        var roots = _children[null].ToList();
        var belowRoots = roots.SelectMany(r => _children[r.Id]).ToList();
        return roots.Count == 1 && belowRoots.Count > 0 ? belowRoots : roots;
    }

    /// <summary>Who competes in <paramref name="rating"/>, with their totals: employees (active, or with figures), or teams summed over their sub-departments.</summary>
    public List<Participant> Participants(RatingDefinition rating, IReadOnlyDictionary<long, Dictionary<Metric, MetricTotal>> totals)
    {
        if (rating.Scope == RatingScope.Team)
        {
            var teams = rating.DepartmentIds.Count > 0 ? rating.DepartmentIds.Select(FindTeam).OfType<Team>().ToList() : DefaultTeams();
            return teams.Select(team =>
            {
                var departments = Subtree(team.Id);
                var sum = new Dictionary<Metric, MetricTotal>();
                foreach (var person in _people.Values.Where(p => p.DepartmentId is { } d && departments.Contains(d)))
                {
                    if (totals.TryGetValue(person.Id, out var own))
                    {
                        foreach (var (metric, total) in own)
                        {
                            sum[metric] = sum.TryGetValue(metric, out var had) ? had + total : total;
                        }
                    }
                }

                return new Participant(team.Id, team.Name, sum);
            }).ToList();
        }

        HashSet<long>? area = rating.Scope == RatingScope.Area ? rating.DepartmentIds.SelectMany(Subtree).ToHashSet() : null;
        return _people.Values
            .Where(p => (p.Active || totals.ContainsKey(p.Id)) && (area is null || (p.DepartmentId is { } d && area.Contains(d))))
            .Select(p => new Participant(p.Id, p.Name, totals.TryGetValue(p.Id, out var own) ? own : []))
            .ToList();
    }
}
