using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Orchestron.WebRtc.Stun;

namespace Orchestron.WebRtc.Ice;

/// <summary>
/// Decides where one listener's media may go. A path the peer nominates is only a candidate until our own
/// authenticated Binding request to it is answered from it (return routability): whoever holds the offer's ICE
/// password can spoof a check from any address, but only an agent really at that address can answer. Once
/// confirmed, the path keeps its consent (RFC 7675) through the peer's own authenticated checks on it, as browsers
/// send them every few seconds.
/// </summary>
/// <remarks>
/// Not thread-safe; the listener calls it under its lock. Times are <see cref="Environment.TickCount64"/>
/// milliseconds, passed in so tests can drive the clock. Steady state allocates nothing.
/// </remarks>
internal sealed class IcePathValidator
{
    /// <summary>RFC 5389 section 7.2.1: the first retransmission after 500 ms, doubling, seven requests at most.</summary>
    internal const int InitialRetransmissionMs = 500;

    /// <summary>RFC 5389's Rc: a probe is sent at most this many times before the candidate is given up.</summary>
    internal const int MaxProbeTransmissions = 7;

    /// <summary>Room for USERNAME (up to two 256-byte ufrags), PRIORITY, ICE-CONTROLLED, MESSAGE-INTEGRITY, FINGERPRINT.</summary>
    internal const int MaxRequestLength = 640;

    // A host candidate's priority (RFC 8445 section 5.1.2.1, type preference 126, component 1): the value a
    // peer learning us as peer-reflexive from this request would compute.
    private const uint HostPriority = (126u << 24) | (65535u << 8) | 255u;

    private readonly byte[] _username;
    private readonly byte[] _remotePasswordKey;
    private readonly ulong _tieBreaker;
    private readonly long _consentTimeoutMs;
    private readonly byte[] _probeTransaction = new byte[StunConstants.TransactionIdLength];
    private IPEndPoint? _pending;
    private int _probeTransmissions;
    private long _nextProbeAt;
    private long _lastConsentAt;

    /// <summary>Creates a validator with no path; consent counts from <paramref name="now"/>.</summary>
    /// <param name="localUfrag">Our ufrag, from the answer.</param>
    /// <param name="remoteUfrag">The peer's ufrag, from the offer.</param>
    /// <param name="remotePassword">The offer's ice-pwd: the peer authenticates our requests and its answers with it.</param>
    /// <param name="consentTimeout">How long a confirmed path keeps consent without an answer.</param>
    /// <param name="now">The current time in milliseconds.</param>
    internal IcePathValidator(string localUfrag, string remoteUfrag, string remotePassword, TimeSpan consentTimeout, long now)
    {
        // Requests we send are addressed to the peer's ufrag (RFC 8445 section 7.2.2).
        _username = Encoding.UTF8.GetBytes(remoteUfrag + ":" + localUfrag);
        _remotePasswordKey = Encoding.UTF8.GetBytes(remotePassword);
        _tieBreaker = BinaryPrimitives.ReadUInt64BigEndian(RandomNumberGenerator.GetBytes(8));
        _consentTimeoutMs = (long)consentTimeout.TotalMilliseconds;
        _lastConsentAt = now;
    }

    /// <summary>The path media goes to: the last one that answered our probe; null before any did.</summary>
    internal IPEndPoint? ConfirmedPath { get; private set; }

    /// <summary>The path being probed, or null.</summary>
    internal IPEndPoint? PendingPath => _pending;

    /// <summary>
    /// Starts probing <paramref name="candidate"/> unless it is already confirmed or being probed; true when a
    /// probe is now due (send it at once with <see cref="TryWriteDueRequest"/>).
    /// </summary>
    internal bool Propose(IPEndPoint candidate, long now)
    {
        if (candidate.Equals(ConfirmedPath) || candidate.Equals(_pending))
        {
            return false;
        }

        // A copy: the transport reuses its endpoint objects.
        _pending = new IPEndPoint(candidate.Address, candidate.Port);
        RandomNumberGenerator.Fill(_probeTransaction);
        _probeTransmissions = 0;
        _nextProbeAt = now;
        return true;
    }

    /// <summary>
    /// Writes the probe (or its retransmission) that is due at <paramref name="now"/>; false when none is due.
    /// </summary>
    internal bool TryWriteDueRequest(long now, Span<byte> buffer, out int length, out IPEndPoint? target)
    {
        if (_pending is not null && now >= _nextProbeAt)
        {
            if (_probeTransmissions >= MaxProbeTransmissions)
            {
                // Nobody answered from there: the candidate never wanted the stream.
                _pending = null;
            }
            else
            {
                _nextProbeAt = now + (InitialRetransmissionMs << _probeTransmissions);
                _probeTransmissions++;
                target = _pending;
                length = WriteRequest(buffer, _probeTransaction);
                return true;
            }
        }

        target = null;
        length = 0;
        return false;
    }

    /// <summary>Takes a STUN message that is not a request: an answer to one of ours counts only if authentic and from where we sent it.</summary>
    internal IcePathResponse ProcessResponse(ReadOnlySpan<byte> datagram, IPEndPoint from, long now)
    {
        if (!StunMessageReader.TryParse(datagram, out var response)
            || response.MessageType != StunMessageType.BindingSuccessResponse
            || !response.HasFingerprint
            || !response.VerifyFingerprint()
            || !response.VerifyMessageIntegrity(_remotePasswordKey))
        {
            return IcePathResponse.Ignored;
        }

        if (_pending is { } pending && response.TransactionId.SequenceEqual(_probeTransaction) && from.Equals(pending))
        {
            ConfirmedPath = pending;
            _pending = null;
            _lastConsentAt = now;
            return IcePathResponse.PathConfirmed;
        }

        return IcePathResponse.Ignored;
    }

    /// <summary>
    /// Takes note of an authentic check the peer sent from <paramref name="from"/>: on the confirmed path it renews
    /// consent; anywhere else it says nothing about the path media goes to.
    /// </summary>
    internal void OnAuthenticCheck(IPEndPoint from, long now)
    {
        if (from.Equals(ConfirmedPath))
        {
            _lastConsentAt = now;
        }
    }

    /// <summary>Whether the confirmed path (or, before one, a confirmation) has gone without sign of consent for the consent timeout.</summary>
    internal bool IsConsentExpired(long now) => now - _lastConsentAt > _consentTimeoutMs;

    private int WriteRequest(Span<byte> buffer, ReadOnlySpan<byte> transaction)
    {
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, transaction);
        writer.AddAttribute(StunAttributeType.Username, _username);
        writer.AddUInt32(StunAttributeType.Priority, HostPriority);
        // An ICE-lite agent is always controlled (RFC 8445 section 6.1.1).
        writer.AddUInt64(StunAttributeType.IceControlled, _tieBreaker);
        writer.AddMessageIntegrity(_remotePasswordKey);
        writer.AddFingerprint();
        return writer.Length;
    }
}
