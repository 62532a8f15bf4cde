internal static partial class Interop
{
    /// <summary>
    /// The logical library names that the <c>[LibraryImport]</c> declarations use;
    /// <see cref="CsoundLibraryResolver"/> maps each to the platform's real file names.
    /// </summary>
    internal static class Libraries
    {
        internal const string Csound = "orchestron-csound64";
    }
}
