using System.Net;
using System.Text;
using Orchestron.WebRtc.Stun;

namespace Orchestron.WebRtc.Ice;

/// <summary>
/// The ICE-lite side (RFC 8445 section 2.5) of one listener: it answers the peer's binding requests, learns the
/// peer's addresses from them (peer-reflexive, since browsers hide theirs behind mDNS names), selects the path the
/// peer nominates, and tracks how recently the peer checked it.
/// </summary>
/// <remarks>
/// A nomination is only the peer's word, and whoever holds the offer's password can forge it from any address:
/// <see cref="IcePathValidator"/> decides where media really goes and keeps its consent, by requests of its own.
/// </remarks>
/// <remarks>Thread-safe: the receive loop answers checks while others read the path.</remarks>
public sealed class IceLiteAgent
{
    private readonly IceLiteAgentOptions _options;
    private readonly TimeProvider _time;
    private readonly byte[] _expectedUsername;
    private readonly Lock _gate = new();
    private readonly List<IPEndPoint> _remoteEndPoints = [];
    private IPEndPoint? _selected;
    private bool _nominated;
    private long _lastConsentTimestamp;
    private long _acceptedChecks;
    private long _rejectedChecks;

    /// <summary>Creates an agent answering checks addressed to <paramref name="local"/> from <paramref name="remoteUfrag"/>.</summary>
    /// <param name="local">Our credentials, as written in the SDP answer.</param>
    /// <param name="remoteUfrag">The offer's a=ice-ufrag.</param>
    /// <param name="options">Timeouts and bounds; defaults when null.</param>
    /// <param name="timeProvider">The monotonic clock for consent; <see cref="TimeProvider.System"/> when null.</param>
    public IceLiteAgent(IceCredentials local, string remoteUfrag, IceLiteAgentOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentException.ThrowIfNullOrEmpty(remoteUfrag);
        _options = options ?? new IceLiteAgentOptions();
        _options.Validate();
        _time = timeProvider ?? TimeProvider.System;
        LocalCredentials = local;
        RemoteUfrag = remoteUfrag;
        _expectedUsername = Encoding.UTF8.GetBytes(local.Ufrag + ":" + remoteUfrag);
        _lastConsentTimestamp = _time.GetTimestamp();
    }

    /// <summary>
    /// The smallest buffer <see cref="ProcessBindingRequest"/> accepts: a success response with an IPv6
    /// XOR-MAPPED-ADDRESS (24 bytes), MESSAGE-INTEGRITY (24) and FINGERPRINT (8) after the 20-byte header.
    /// </summary>
    public const int MinResponseBufferLength = 76;

    /// <summary>Our credentials.</summary>
    public IceCredentials LocalCredentials { get; }

    /// <summary>The peer's username fragment.</summary>
    public string RemoteUfrag { get; }

    /// <summary>The remote endpoint media goes to, or null before the first valid check.</summary>
    public IPEndPoint? SelectedRemoteEndPoint
    {
        get
        {
            lock (_gate)
            {
                return _selected;
            }
        }
    }

    /// <summary>Whether the peer has nominated the selected path with USE-CANDIDATE.</summary>
    public bool IsNominated
    {
        get
        {
            lock (_gate)
            {
                return _nominated;
            }
        }
    }

    /// <summary>Number of checks answered.</summary>
    public long AcceptedChecks => Interlocked.Read(ref _acceptedChecks);

    /// <summary>Number of binding requests dropped for a wrong or missing USERNAME, MESSAGE-INTEGRITY or FINGERPRINT.</summary>
    public long RejectedChecks => Interlocked.Read(ref _rejectedChecks);

    /// <summary>The distinct remote endpoints valid checks came from, oldest first.</summary>
    public IReadOnlyList<IPEndPoint> RemoteEndPoints
    {
        get
        {
            lock (_gate)
            {
                return [.. _remoteEndPoints];
            }
        }
    }

    /// <summary>
    /// Answers one datagram from <paramref name="remote"/>. On <see cref="IceCheckOutcome.Accepted"/>,
    /// <paramref name="response"/> holds <paramref name="responseLength"/> bytes to send back to
    /// <paramref name="remote"/>; otherwise nothing is to be sent.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="response"/> is shorter than <see cref="MinResponseBufferLength"/>.</exception>
    public IceCheckOutcome ProcessBindingRequest(ReadOnlySpan<byte> datagram, IPEndPoint remote, Span<byte> response, out int responseLength)
    {
        ArgumentNullException.ThrowIfNull(remote);
        if (response.Length < MinResponseBufferLength)
        {
            throw new ArgumentException($"The response buffer needs at least {MinResponseBufferLength} bytes, got {response.Length}.", nameof(response));
        }

        responseLength = 0;
        if (!StunMessageReader.TryParse(datagram, out var request))
        {
            return IceCheckOutcome.Malformed;
        }

        if (request.MessageType != StunMessageType.BindingRequest)
        {
            return IceCheckOutcome.NotBindingRequest;
        }

        if (!IsAuthentic(request))
        {
            Interlocked.Increment(ref _rejectedChecks);
            return IceCheckOutcome.Rejected;
        }

        var writer = new StunMessageWriter(response, StunMessageType.BindingSuccessResponse, request.TransactionId);
        writer.AddXorMappedAddress(remote.Address, remote.Port);
        writer.AddMessageIntegrity(LocalCredentials.PasswordKey);
        writer.AddFingerprint();
        responseLength = writer.Length;

        Record(remote, request.HasAttribute(StunAttributeType.UseCandidate));
        Interlocked.Increment(ref _acceptedChecks);
        return IceCheckOutcome.Accepted;
    }

    /// <summary>Whether the selected path has gone without a valid check for longer than the consent timeout.</summary>
    public bool IsConsentExpired() => IsConsentExpired(_time.GetTimestamp());

    /// <summary>
    /// Whether consent has expired at <paramref name="timestamp"/> (a value of the agent's
    /// <see cref="TimeProvider.GetTimestamp"/>). An agent that never received a valid check expires the same way,
    /// counted from its creation.
    /// </summary>
    public bool IsConsentExpired(long timestamp) =>
        _time.GetElapsedTime(Interlocked.Read(ref _lastConsentTimestamp), timestamp) > _options.ConsentTimeout;

    private bool IsAuthentic(in StunMessageReader request)
    {
        if (!request.HasFingerprint || !request.VerifyFingerprint())
        {
            return false;
        }

        if (!request.TryGetAttribute(StunAttributeType.Username, out var username) || !username.SequenceEqual(_expectedUsername))
        {
            return false;
        }

        return request.VerifyMessageIntegrity(LocalCredentials.PasswordKey);
    }

    private void Record(IPEndPoint remote, bool useCandidate)
    {
        lock (_gate)
        {
            // IPEndPoint is mutable and receive loops reuse theirs, so keep our own copy.
            IPEndPoint? known = null;
            foreach (var endPoint in _remoteEndPoints)
            {
                if (endPoint.Equals(remote))
                {
                    known = endPoint;
                    break;
                }
            }

            if (known is null)
            {
                known = new IPEndPoint(remote.Address, remote.Port);
                if (_remoteEndPoints.Count < _options.MaxRemoteEndPoints)
                {
                    _remoteEndPoints.Add(known);
                }
            }

            remote = known;

            if (useCandidate && (!_nominated || !remote.Equals(_selected)))
            {
                _selected = remote;
                _nominated = true;
            }
            else if (_selected is null)
            {
                _selected = remote;
            }

            // Consent is per path: checks on a path we do not send on say nothing about the one we do.
            if (remote.Equals(_selected))
            {
                Interlocked.Exchange(ref _lastConsentTimestamp, _time.GetTimestamp());
            }
        }
    }
}
