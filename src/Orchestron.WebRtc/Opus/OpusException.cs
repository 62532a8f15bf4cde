using System.Runtime.InteropServices;

namespace Orchestron.WebRtc.Opus;

/// <summary>A libopus call returned an error code.</summary>
public sealed class OpusException : Exception
{
    /// <summary>Creates an exception for a libopus error code.</summary>
    /// <param name="errorCode">The negative libopus error code (e.g. -1 OPUS_BAD_ARG).</param>
    /// <param name="message">What failed, including libopus's description of the code.</param>
    public OpusException(int errorCode, string message)
        : base(message) => ErrorCode = errorCode;

    /// <summary>Creates an exception with a message only.</summary>
    public OpusException()
    {
    }

    /// <summary>Creates an exception with a message only.</summary>
    public OpusException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception that wraps another.</summary>
    public OpusException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The libopus error code (negative), or 0 when none applies.</summary>
    public int ErrorCode { get; }

    internal static void ThrowIfError(int result, string operation)
    {
        if (result < 0)
        {
            throw new OpusException(result, $"{operation} failed with libopus error {result}: {Describe(result)}.");
        }
    }

    internal static unsafe string Describe(int errorCode) =>
        Marshal.PtrToStringUTF8((nint)Interop.Opus.StrError(errorCode)) ?? "unknown error";
}
