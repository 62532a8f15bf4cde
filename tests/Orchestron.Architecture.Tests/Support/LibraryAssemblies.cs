using System.Reflection;

namespace Orchestron.Architecture.Tests.Support;

/// <summary>The Orchestron assemblies as built, found by name so that no test depends on where a type lives.</summary>
internal static class LibraryAssemblies
{
    public const string Csound = "Orchestron.Csound";
    public const string WebRtc = "Orchestron.WebRtc";
    public const string Streaming = "Orchestron.Streaming";
    public const string Host = "Orchestron.Host";
    public const string Worker = "Orchestron.Csound.Worker";

    public static IReadOnlyList<string> All { get; } = [Csound, WebRtc, Streaming, Host, Worker];

    /// <summary>The assembly file in the test output folder, copied there by the project reference.</summary>
    public static string PathOf(string assemblyName) => Path.Combine(AppContext.BaseDirectory, assemblyName + ".dll");

    /// <summary>The names of the Orchestron assemblies the given one references.</summary>
    public static IReadOnlySet<string> OrchestronReferencesOf(string assemblyName) =>
        Assembly.Load(new AssemblyName(assemblyName))
            .GetReferencedAssemblies()
            .Select(reference => reference.Name!)
            .Where(name => name.StartsWith("Orchestron.", StringComparison.Ordinal))
            .ToHashSet();
}
