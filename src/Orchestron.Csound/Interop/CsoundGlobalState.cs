/// <summary>
/// Held around every Csound call that creates, configures, compiles, starts, stops or destroys an instance.
/// </summary>
/// <remarks>
/// Csound 6 keeps state outside its instances for these steps: the orchestra compiler's (two compiles at once
/// fail each other with "Variable '__synthetic_N' used before defined"), and plugin modules' own globals, which
/// creating and destroying instances initialise and free. Done from several threads at once these can corrupt
/// the native heap, so they take turns in the process. Performing takes no part in this and runs concurrently.
/// </remarks>
internal static class CsoundGlobalState
{
    internal static readonly Lock Gate = new();
}
