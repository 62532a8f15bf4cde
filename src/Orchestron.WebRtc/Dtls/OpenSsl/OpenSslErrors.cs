using System.Text;

namespace Orchestron.WebRtc.Dtls.OpenSsl;

/// <summary>Reads OpenSSL's thread-local error queue into text, leaving it empty for the next call.</summary>
internal static class OpenSslErrors
{
    private const int MaxErrors = 16;
    private const int MaxErrorLength = 256;

    /// <summary>Empties the queue and returns its entries joined, or null when it was empty.</summary>
    internal static unsafe string? Drain()
    {
        StringBuilder? text = null;
        var buffer = stackalloc byte[MaxErrorLength];
        for (var i = 0; ; i++)
        {
            var error = Interop.Crypto.ERR_get_error();
            if (error.Value == 0)
            {
                break;
            }

            // Keep popping past the limit so the queue ends empty, but stop describing.
            if (i >= MaxErrors)
            {
                continue;
            }

            Interop.Crypto.ERR_error_string_n(error, buffer, MaxErrorLength);
            text ??= new StringBuilder();
            if (text.Length > 0)
            {
                text.Append("; ");
            }

            text.Append(new string((sbyte*)buffer));
        }

        return text?.ToString();
    }

    /// <summary>Describes a failed call named <paramref name="operation"/>, with the queue's text, and empties the queue.</summary>
    internal static string Describe(string operation)
    {
        var detail = Drain();
        return detail is null ? $"OpenSSL {operation} failed." : $"OpenSSL {operation} failed: {detail}";
    }

    /// <summary>Builds an exception for a failed call named <paramref name="operation"/>, with the queue's text.</summary>
    internal static OpenSslException Exception(string operation) => new(Describe(operation));

    /// <summary>Forgets errors left by earlier calls on this thread, so they are not blamed on the next one.</summary>
    internal static void Clear() => Interop.Crypto.ERR_clear_error();
}
