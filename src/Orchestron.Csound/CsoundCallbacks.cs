using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Orchestron.Csound;

/// <summary>
/// The functions Csound calls back into. Each catches everything: an exception must never unwind
/// through Csound's C frames.
/// </summary>
internal static unsafe class CsoundCallbacks
{
    internal static delegate* unmanaged[Cdecl]<nint, int, byte*, void> Message => &OnMessage;

    internal static delegate* unmanaged[Cdecl]<nint, nint*, byte*, int> MidiInOpen => &OnMidiInOpen;

    internal static delegate* unmanaged[Cdecl]<nint, nint, byte*, int, int> MidiRead => &OnMidiRead;

    internal static delegate* unmanaged[Cdecl]<nint, nint, int> MidiInClose => &OnMidiInClose;

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnMessage(nint csound, int attributes, byte* text)
    {
        try
        {
            if (text == null || StateOf(csound) is not { } state)
            {
                return;
            }

            var bytes = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(text);
            state.Messages.Append(Encoding.UTF8.GetString(bytes));
        }
        catch (Exception)
        {
            // Losing one message line is better than unwinding into Csound.
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnMidiInOpen(nint csound, nint* userData, byte* deviceName)
    {
        try
        {
            if (userData != null)
            {
                *userData = IntPtr.Zero;
            }

            return StateOf(csound)?.MidiInput is null ? -1 : 0;
        }
        catch (Exception)
        {
            return -1;
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnMidiRead(nint csound, nint userData, byte* buffer, int byteCount)
    {
        try
        {
            if (buffer == null || byteCount <= 0 || StateOf(csound)?.MidiInput is not { } queue)
            {
                return 0;
            }

            var now = Interop.Csound.csoundGetCurrentTimeSamplesUnsafe(csound);
            return queue.Drain(new Span<byte>(buffer, byteCount), now);
        }
        catch (Exception)
        {
            return 0;
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnMidiInClose(nint csound, nint userData) => 0;

    private static CsoundCallbackState? StateOf(nint csound)
    {
        var hostData = Interop.Csound.csoundGetHostData(csound);
        return hostData == IntPtr.Zero ? null : GCHandle.FromIntPtr(hostData).Target as CsoundCallbackState;
    }
}
