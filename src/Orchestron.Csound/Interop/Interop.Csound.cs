using System.Runtime.InteropServices;

internal static partial class Interop
{
    /// <summary>Source-generated entry points of libcsound64 (Csound 6, MYFLT = double).</summary>
    internal static unsafe partial class Csound
    {
        internal const int InitNoSignalHandler = 1;
        internal const int InitNoAtExit = 2;

        internal const int ControlChannel = 1;
        internal const int InputChannel = 16;
        internal const int OutputChannel = 32;

        internal const int ExitJumpSuccess = 256;

        [LibraryImport(Interop.Libraries.Csound)]
        internal static partial int csoundInitialize(int flags);

        [LibraryImport(Interop.Libraries.Csound)]
        internal static partial int csoundGetSizeOfMYFLT();

        [LibraryImport(Interop.Libraries.Csound)]
        internal static partial nint csoundCreate(nint hostData);

        [LibraryImport(Interop.Libraries.Csound)]
        internal static partial void csoundDestroy(nint csound);

        [LibraryImport(Interop.Libraries.Csound)]
        internal static partial nint csoundGetHostData(nint csound);

        [LibraryImport(Interop.Libraries.Csound)]
        internal static partial void csoundSetHostData(SafeCsoundHandle csound, nint hostData);

        [LibraryImport(Interop.Libraries.Csound)]
        internal static partial void csoundSetMessageStringCallback(
            SafeCsoundHandle csound, delegate* unmanaged[Cdecl]<nint, int, byte*, void> callback);

        [LibraryImport(Interop.Libraries.Csound, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int csoundSetOption(SafeCsoundHandle csound, string option);

        [LibraryImport(Interop.Libraries.Csound, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int csoundCompileOrc(SafeCsoundHandle csound, string orchestra);

        [LibraryImport(Interop.Libraries.Csound, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int csoundCompileCsdText(SafeCsoundHandle csound, string csdText);

        [LibraryImport(Interop.Libraries.Csound, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int csoundReadScore(SafeCsoundHandle csound, string score);

        [LibraryImport(Interop.Libraries.Csound)]
        internal static partial int csoundStart(SafeCsoundHandle csound);

        [LibraryImport(Interop.Libraries.Csound)]
        internal static partial int csoundPerformKsmps(SafeCsoundHandle csound);

        [LibraryImport(Interop.Libraries.Csound)]
        internal static partial int csoundCleanup(SafeCsoundHandle csound);

        [LibraryImport(Interop.Libraries.Csound)]
        internal static partial void csoundReset(SafeCsoundHandle csound);

        [LibraryImport(Interop.Libraries.Csound)]
        internal static partial double csoundGetSr(SafeCsoundHandle csound);

        [LibraryImport(Interop.Libraries.Csound)]
        internal static partial uint csoundGetKsmps(SafeCsoundHandle csound);

        [LibraryImport(Interop.Libraries.Csound)]
        internal static partial uint csoundGetNchnls(SafeCsoundHandle csound);

        [LibraryImport(Interop.Libraries.Csound)]
        internal static partial uint csoundGetNchnlsInput(SafeCsoundHandle csound);

        [LibraryImport(Interop.Libraries.Csound)]
        internal static partial double csoundGet0dBFS(SafeCsoundHandle csound);

        [LibraryImport(Interop.Libraries.Csound)]
        internal static partial long csoundGetCurrentTimeSamples(SafeCsoundHandle csound);

        [LibraryImport(Interop.Libraries.Csound, EntryPoint = "csoundGetCurrentTimeSamples")]
        internal static partial long csoundGetCurrentTimeSamplesUnsafe(nint csound);

        [LibraryImport(Interop.Libraries.Csound)]
        internal static partial double* csoundGetSpout(SafeCsoundHandle csound);

        [LibraryImport(Interop.Libraries.Csound)]
        internal static partial double* csoundGetSpin(SafeCsoundHandle csound);

        [LibraryImport(Interop.Libraries.Csound, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int csoundGetChannelPtr(SafeCsoundHandle csound, double** pointer, string name, int type);

        [LibraryImport(Interop.Libraries.Csound, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial void csoundSetControlChannel(SafeCsoundHandle csound, string name, double value);

        [LibraryImport(Interop.Libraries.Csound, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial double csoundGetControlChannel(SafeCsoundHandle csound, string name, int* error);

        [LibraryImport(Interop.Libraries.Csound, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial void csoundInputMessage(SafeCsoundHandle csound, string message);

        [LibraryImport(Interop.Libraries.Csound)]
        internal static partial int csoundScoreEvent(SafeCsoundHandle csound, byte type, double* pFields, CLong numFields);

        [LibraryImport(Interop.Libraries.Csound)]
        internal static partial int csoundKillInstance(SafeCsoundHandle csound, double instrument, byte* instrumentName, int mode, int allowRelease);

        [LibraryImport(Interop.Libraries.Csound)]
        internal static partial void csoundSetHostImplementedMIDIIO(SafeCsoundHandle csound, int state);

        [LibraryImport(Interop.Libraries.Csound)]
        internal static partial void csoundSetExternalMidiInOpenCallback(
            SafeCsoundHandle csound, delegate* unmanaged[Cdecl]<nint, nint*, byte*, int> callback);

        [LibraryImport(Interop.Libraries.Csound)]
        internal static partial void csoundSetExternalMidiReadCallback(
            SafeCsoundHandle csound, delegate* unmanaged[Cdecl]<nint, nint, byte*, int, int> callback);

        [LibraryImport(Interop.Libraries.Csound)]
        internal static partial void csoundSetExternalMidiInCloseCallback(
            SafeCsoundHandle csound, delegate* unmanaged[Cdecl]<nint, nint, int> callback);
    }
}
