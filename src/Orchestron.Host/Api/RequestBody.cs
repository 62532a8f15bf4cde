using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Orchestron.Host.Sessions;

namespace Orchestron.Host.Api;

/// <summary>
/// Reads a small request body through the request's <see cref="PipeReader"/> up to a limit, so an oversized
/// body is refused once the limit is passed rather than buffered whole, and parses it straight from the
/// pipe's buffers.
/// </summary>
internal static class RequestBody
{
    /// <summary>The body parsed by <paramref name="parse"/>, which reads it before the pipe's buffers are released.</summary>
    /// <exception cref="SessionException">The body ended before its Content-Length (400) or came too slowly (408).</exception>
    /// <exception cref="Exception">The body is longer than <paramref name="maxBytes"/>: the exception <paramref name="tooLarge"/> makes.</exception>
    public static async Task<T> ReadAsync<T>(
        HttpRequest request,
        int maxBytes,
        Func<ReadOnlySequence<byte>, T> parse,
        Func<Exception> tooLarge,
        CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            throw tooLarge();
        }

        var reader = request.BodyReader;
        ReadResult result;
        try
        {
            // Asking for one byte more than the limit returns as soon as the body is known to be too long.
            result = await reader.ReadAtLeastAsync(maxBytes + 1, cancellationToken);
        }
        catch (BadHttpRequestException error)
        {
            // Kestrel's verdict on the body itself: it ended before its Content-Length (400), or arrived slower
            // than the minimum data rate (408). Either is the client's to fix, not a server error.
            throw error.StatusCode == StatusCodes.Status408RequestTimeout
                ? new SessionException(SessionProblem.RequestTimeout, "Request body too slow", "The request body arrived too slowly: " + error.Message)
                : SessionException.Invalid("Incomplete request body", "The request body ended early: " + error.Message);
        }

        var body = result.Buffer;
        try
        {
            return body.Length > maxBytes ? throw tooLarge() : parse(body);
        }
        finally
        {
            reader.AdvanceTo(body.End);
        }
    }

    /// <summary>The body as UTF-8 text.</summary>
    public static Task<string> ReadTextAsync(HttpRequest request, int maxBytes, Func<Exception> tooLarge, CancellationToken cancellationToken) =>
        ReadAsync(request, maxBytes, static body => Encoding.UTF8.GetString(body), tooLarge, cancellationToken);
}
