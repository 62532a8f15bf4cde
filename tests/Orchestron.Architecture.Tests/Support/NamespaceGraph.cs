using System.Text;

namespace Orchestron.Architecture.Tests.Support;

/// <summary>
/// Which namespaces of one assembly use which, keeping one example of each use (which type uses which) so
/// that a reported cycle says where to cut it. The global namespace is a node like any other.
/// </summary>
internal sealed class NamespaceGraph
{
    private readonly SortedDictionary<string, SortedDictionary<string, string>> _uses = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Namespaces => _uses.Keys;

    public void AddNamespace(string name)
    {
        if (!_uses.ContainsKey(name))
        {
            _uses[name] = new SortedDictionary<string, string>(StringComparer.Ordinal);
        }
    }

    /// <summary>Records that <paramref name="from"/> uses <paramref name="to"/>; a namespace using itself is no edge.</summary>
    public void AddUse(string from, string to, string example)
    {
        AddNamespace(from);
        AddNamespace(to);
        if (from != to)
        {
            _uses[from].TryAdd(to, example);
        }
    }

    public IReadOnlyCollection<string> UsesOf(string name) => _uses.TryGetValue(name, out var uses) ? uses.Keys : [];

    public string ExampleOf(string from, string to) => _uses[from][to];

    /// <summary>The groups of namespaces (two or more) that all reach each other, each in order.</summary>
    public List<List<string>> FindEntangledGroups() =>
        StronglyConnectedComponents.Of(Namespaces, UsesOf)
            .Where(component => component.Count > 1)
            .Select(component => component.Order(StringComparer.Ordinal).ToList())
            .OrderBy(group => group[0], StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// One shortest cycle through each namespace of the group, without repeats. Cutting them all may leave a
    /// longer cycle, which the next run lists.
    /// </summary>
    public List<List<string>> ShortestCyclesWithin(IReadOnlyList<string> group)
    {
        var cycles = new List<List<string>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var members = group.ToHashSet(StringComparer.Ordinal);
        foreach (var start in group)
        {
            var cycle = ShortestCycleThrough(start, members);
            if (seen.Add(string.Join(" -> ", Rotated(cycle))))
            {
                cycles.Add(cycle);
            }
        }

        return cycles;
    }

    public List<List<string>> FindCycles() => FindEntangledGroups().SelectMany(ShortestCyclesWithin).ToList();

    /// <summary>The cycle as a path back to its start, then each step with the use that makes it.</summary>
    public string Describe(IReadOnlyList<string> cycle)
    {
        var text = new StringBuilder(string.Join(" -> ", cycle.Append(cycle[0]).Select(Display)));
        for (var i = 0; i < cycle.Count; i++)
        {
            var from = cycle[i];
            var to = cycle[(i + 1) % cycle.Count];
            text.Append($"\n    {Display(from)} -> {Display(to)}: {ExampleOf(from, to)}");
        }

        return text.ToString();
    }

    public static string Display(string name) => name.Length == 0 ? "(global namespace)" : name;

    // Breadth-first from start, staying inside its component, until an edge leads back to start.
    private List<string> ShortestCycleThrough(string start, HashSet<string> component)
    {
        var cameFrom = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var next in UsesOf(node).Where(component.Contains))
            {
                if (next == start)
                {
                    var path = new List<string> { node };
                    while (path[^1] != start)
                    {
                        path.Add(cameFrom[path[^1]]);
                    }

                    path.Reverse();
                    return path;
                }

                if (cameFrom.TryAdd(next, node))
                {
                    queue.Enqueue(next);
                }
            }
        }

        throw new InvalidOperationException($"{Display(start)} is on no cycle of its component.");
    }

    // The same cycle found from another start is the same cycle: compare it from its smallest member.
    private static IEnumerable<string> Rotated(List<string> cycle)
    {
        var first = cycle.IndexOf(cycle.Order(StringComparer.Ordinal).First());
        return cycle.Skip(first).Concat(cycle.Take(first));
    }
}
