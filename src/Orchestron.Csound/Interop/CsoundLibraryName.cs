namespace Orchestron.Csound.Interop;

/// <summary>
/// The logical library name that every <c>[LibraryImport]</c> of this assembly uses;
/// <see cref="CsoundLibraryResolver"/> maps it to the platform's real file names.
/// </summary>
internal static class CsoundLibraryName
{
    internal const string Csound = "orchestron-csound64";
}
