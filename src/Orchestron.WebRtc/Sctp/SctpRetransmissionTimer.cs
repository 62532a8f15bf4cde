namespace Orchestron.WebRtc.Sctp;

/// <summary>The RTO calculation of RFC 4960 section 6.3.1 (SRTT, RTTVAR, back-off), in milliseconds.</summary>
/// <remarks>
/// The bounds are those of browsers' SCTP stacks rather than RFC 4960's 1 s minimum: on the paths WebRTC runs on,
/// a one-second floor would turn every lost packet of a reliable channel into a second of silence.
/// </remarks>
internal sealed class SctpRetransmissionTimer
{
    internal const int InitialRtoMs = 1000;
    internal const int MinRtoMs = 200;
    internal const int MaxRtoMs = 10_000;

    private double _srtt;
    private double _rttvar;
    private bool _measured;

    internal int RtoMs { get; private set; } = InitialRtoMs;

    internal void OnRttMeasured(long rttMs)
    {
        if (!_measured)
        {
            _srtt = rttMs;
            _rttvar = rttMs / 2.0;
            _measured = true;
        }
        else
        {
            _rttvar = (0.75 * _rttvar) + (0.25 * Math.Abs(_srtt - rttMs));
            _srtt = (0.875 * _srtt) + (0.125 * rttMs);
        }

        RtoMs = (int)Math.Clamp(_srtt + (4 * _rttvar), MinRtoMs, MaxRtoMs);
    }

    internal void BackOff() => RtoMs = Math.Min(RtoMs * 2, MaxRtoMs);
}
