using Orchestron.Host.Configuration;
using Orchestron.Host.Security;
using Orchestron.Host.Sessions;

namespace Orchestron.Host.Control;

/// <summary>
/// Plays a control message on its session through the calls the HTTP endpoints make (<see cref="SessionManager.SendMidi"/>,
/// <see cref="SessionManager.SetChannel"/>, <see cref="SessionManager.Panic"/>) after the HTTP API's own checks
/// (<see cref="PlayRequestChecks"/>), and only once the sender's address has a place in the control rate
/// limit's bucket, which it shares with its HTTP control requests. The session's note-on limit and panic throttle
/// are applied inside those calls, as for HTTP.
/// </summary>
public sealed class ControlMessageRouter(SessionManager sessions, ControlRequestBuckets buckets)
{
    /// <summary>
    /// Routes <paramref name="message"/> for session <paramref name="sessionId"/> from address partition
    /// <paramref name="partition"/>. A refusal is the <see cref="SessionException"/> the HTTP API would answer with.
    /// </summary>
    /// <param name="sessionId">The session whose listener opened the channel.</param>
    /// <param name="partition">The client's rate-limit partition (<see cref="SessionClient.PartitionOf"/>).</param>
    /// <param name="message">The parsed message.</param>
    /// <param name="channelNames">The channel names this connection has used, so a repeated name costs no new string.</param>
    internal void Route(string sessionId, string partition, in ControlMessage message, ChannelNameCache channelNames)
    {
        switch (message.Kind)
        {
            case ControlMessageKind.NoteOn or ControlMessageKind.NoteOff or ControlMessageKind.Midi:
                var midi = message.Midi;
                Span<int> bytes = [midi.Status, midi.Data1, midi.Data2];
                sessions.SendMidi(sessionId, PlayRequestChecks.Midi(bytes[..midi.Count], message.DelayMs));
                break;
            case ControlMessageKind.ChannelValue:
                var name = channelNames.NameOf(message.ChannelName);
                sessions.SetChannel(sessionId, name, PlayRequestChecks.ChannelValue(name, message.ChannelValue));
                break;
            case ControlMessageKind.Panic:
                sessions.Panic(sessionId);
                break;
            case ControlMessageKind.Ping:
                // A pong is the reply; the session is not touched.
                break;
            default:
                throw SessionException.Invalid("Not a control message", $"Kind {(byte)message.Kind} is sent by the host, not to it.");
        }
    }

    /// <summary>Takes one place in the address's control bucket; the refusal otherwise, as HTTP's 429.</summary>
    internal void TakeRatePlace(string partition)
    {
        if (!buckets.TryTake(partition))
        {
            throw new SessionException(
                SessionProblem.TooManyRequests,
                "Too many requests",
                $"This address has sent more than {buckets.PerMinute} control requests a minute ({SecuritySettings.ControlRequestsPerMinute.EnvironmentVariable}).")
            {
                RetryAfter = TimeSpan.FromSeconds(1),
            };
        }
    }
}
