using System.Runtime.InteropServices;

/// <summary>Owns a <c>CSOUND*</c> and the handle that lets native callbacks find their managed state.</summary>
/// <remarks>
/// Reference counting of <see cref="SafeHandle"/> is what keeps a call on another thread safe: a
/// dispose that races with <c>csoundPerformKsmps</c> only marks the handle closed, and
/// <c>csoundDestroy</c> runs when the last native call returns.
/// </remarks>
internal sealed class SafeCsoundHandle : SafeHandle
{
    private GCHandle _callbackState;

    private SafeCsoundHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>The value to pass back to <c>csoundSetHostData</c> after a reset.</summary>
    internal nint CallbackStatePointer => GCHandle.ToIntPtr(_callbackState);

    /// <summary>
    /// Creates a Csound instance whose host data points at <paramref name="callbackState"/>, which stays
    /// reachable until the instance is destroyed. The library must have been initialised.
    /// </summary>
    /// <exception cref="InvalidOperationException">csoundCreate returned no instance.</exception>
    internal static SafeCsoundHandle Create(object callbackState)
    {
        var state = GCHandle.Alloc(callbackState, GCHandleType.Normal);
        var csound = Interop.Csound.csoundCreate(GCHandle.ToIntPtr(state));
        if (csound == IntPtr.Zero)
        {
            state.Free();
            throw new InvalidOperationException("csoundCreate returned no instance (out of memory or a broken Csound installation).");
        }

        var result = new SafeCsoundHandle { _callbackState = state };
        result.SetHandle(csound);
        return result;
    }

    protected override bool ReleaseHandle()
    {
        Interop.Csound.csoundDestroy(handle);
        // Freed only after csoundDestroy: destroying still emits messages through the callback.
        _callbackState.Free();
        return true;
    }
}
