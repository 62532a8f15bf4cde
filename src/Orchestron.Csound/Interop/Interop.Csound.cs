using System.Runtime.InteropServices;

namespace Orchestron.Csound.Interop;

/// <summary>Source-generated entry points of libcsound64 (Csound 6, MYFLT = double).</summary>
internal static unsafe partial class Interop
{
    internal static partial class Csound
    {
        internal const int InitNoSignalHandler = 1;
        internal const int InitNoAtExit = 2;

        internal const int ControlChannel = 1;
        internal const int InputChannel = 16;
        internal const int OutputChannel = 32;

        internal const int ExitJumpSuccess = 256;

        [LibraryImport(CsoundLibraryName.Csound)]
        internal static partial int csoundInitialize(int flags);

        [LibraryImport(CsoundLibraryName.Csound)]
        internal static partial int csoundGetSizeOfMYFLT();

        [LibraryImport(CsoundLibraryName.Csound)]
        internal static partial nint csoundCreate(nint hostData);

        [LibraryImport(CsoundLibraryName.Csound)]
        internal static partial void csoundDestroy(nint csound);

        [LibraryImport(CsoundLibraryName.Csound)]
        internal static partial nint csoundGetHostData(nint csound);

        [LibraryImport(CsoundLibraryName.Csound)]
        internal static partial void csoundSetHostData(CsoundHandle csound, nint hostData);

        [LibraryImport(CsoundLibraryName.Csound)]
        internal static partial void csoundSetMessageStringCallback(
            CsoundHandle csound, delegate* unmanaged[Cdecl]<nint, int, byte*, void> callback);

        [LibraryImport(CsoundLibraryName.Csound, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int csoundSetOption(CsoundHandle csound, string option);

        [LibraryImport(CsoundLibraryName.Csound, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int csoundCompileOrc(CsoundHandle csound, string orchestra);

        [LibraryImport(CsoundLibraryName.Csound, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int csoundCompileCsdText(CsoundHandle csound, string csdText);

        [LibraryImport(CsoundLibraryName.Csound, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int csoundReadScore(CsoundHandle csound, string score);

        [LibraryImport(CsoundLibraryName.Csound)]
        internal static partial int csoundStart(CsoundHandle csound);

        [LibraryImport(CsoundLibraryName.Csound)]
        internal static partial int csoundPerformKsmps(CsoundHandle csound);

        [LibraryImport(CsoundLibraryName.Csound)]
        internal static partial int csoundCleanup(CsoundHandle csound);

        [LibraryImport(CsoundLibraryName.Csound)]
        internal static partial void csoundReset(CsoundHandle csound);

        [LibraryImport(CsoundLibraryName.Csound)]
        internal static partial double csoundGetSr(CsoundHandle csound);

        [LibraryImport(CsoundLibraryName.Csound)]
        internal static partial uint csoundGetKsmps(CsoundHandle csound);

        [LibraryImport(CsoundLibraryName.Csound)]
        internal static partial uint csoundGetNchnls(CsoundHandle csound);

        [LibraryImport(CsoundLibraryName.Csound)]
        internal static partial uint csoundGetNchnlsInput(CsoundHandle csound);

        [LibraryImport(CsoundLibraryName.Csound)]
        internal static partial double csoundGet0dBFS(CsoundHandle csound);

        [LibraryImport(CsoundLibraryName.Csound)]
        internal static partial long csoundGetCurrentTimeSamples(CsoundHandle csound);

        [LibraryImport(CsoundLibraryName.Csound, EntryPoint = "csoundGetCurrentTimeSamples")]
        internal static partial long csoundGetCurrentTimeSamplesUnsafe(nint csound);

        [LibraryImport(CsoundLibraryName.Csound)]
        internal static partial double* csoundGetSpout(CsoundHandle csound);

        [LibraryImport(CsoundLibraryName.Csound)]
        internal static partial double* csoundGetSpin(CsoundHandle csound);

        [LibraryImport(CsoundLibraryName.Csound, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int csoundGetChannelPtr(CsoundHandle csound, double** pointer, string name, int type);

        [LibraryImport(CsoundLibraryName.Csound, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial void csoundSetControlChannel(CsoundHandle csound, string name, double value);

        [LibraryImport(CsoundLibraryName.Csound, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial double csoundGetControlChannel(CsoundHandle csound, string name, int* error);

        [LibraryImport(CsoundLibraryName.Csound, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial void csoundInputMessage(CsoundHandle csound, string message);

        [LibraryImport(CsoundLibraryName.Csound)]
        internal static partial int csoundScoreEvent(CsoundHandle csound, byte type, double* pFields, CLong numFields);

        [LibraryImport(CsoundLibraryName.Csound)]
        internal static partial int csoundKillInstance(CsoundHandle csound, double instrument, byte* instrumentName, int mode, int allowRelease);

        [LibraryImport(CsoundLibraryName.Csound)]
        internal static partial void csoundSetHostImplementedMIDIIO(CsoundHandle csound, int state);

        [LibraryImport(CsoundLibraryName.Csound)]
        internal static partial void csoundSetExternalMidiInOpenCallback(
            CsoundHandle csound, delegate* unmanaged[Cdecl]<nint, nint*, byte*, int> callback);

        [LibraryImport(CsoundLibraryName.Csound)]
        internal static partial void csoundSetExternalMidiReadCallback(
            CsoundHandle csound, delegate* unmanaged[Cdecl]<nint, nint, byte*, int, int> callback);

        [LibraryImport(CsoundLibraryName.Csound)]
        internal static partial void csoundSetExternalMidiInCloseCallback(
            CsoundHandle csound, delegate* unmanaged[Cdecl]<nint, nint, int> callback);
    }
}
