namespace Orchestron.Csound;

/// <summary>Process-wide initialisation of libcsound64, done once before the first instance.</summary>
internal static class CsoundRuntime
{
    // Never destroyed: see Initialize.
    private static nint s_pluginAnchor;

    private static readonly Lazy<bool> Initialized = new(Initialize, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Loads libcsound64 and runs <c>csoundInitialize</c> exactly once.</summary>
    internal static void EnsureInitialized() => _ = Initialized.Value;

    private static bool Initialize()
    {
        // Without these flags Csound installs its own SIGSEGV/SIGINT handlers and an atexit hook:
        // the runtime's own null-reference handling then kills the process.
        var result = Interop.Csound.csoundInitialize(Interop.Csound.InitNoSignalHandler | Interop.Csound.InitNoAtExit);
        if (result < 0)
        {
            throw new InvalidOperationException($"csoundInitialize failed with code {result}.");
        }

        var sizeOfMyflt = Interop.Csound.csoundGetSizeOfMYFLT();
        if (sizeOfMyflt != sizeof(double))
        {
            throw new NotSupportedException(
                $"The loaded Csound library uses {sizeOfMyflt}-byte samples; Orchestron.Csound needs the 64-bit (double) build, libcsound64.");
        }

        // csoundCreate dlopens every plugin and csoundDestroy dlcloses them, so without another
        // reference each instance loads and unloads them all again. Some of their dependencies do not
        // survive that (libgomp, through the fluidsynth opcodes, leaks a thread-specific key per load
        // and aborts the process after about a thousand instances). One idle instance kept for the
        // life of the process holds every plugin loaded.
        s_pluginAnchor = Interop.Csound.csoundCreate(IntPtr.Zero);
        return true;
    }
}
