using System.Globalization;

namespace Orchestron.Benchmarks.Browser;

/// <summary>
/// How the latency rows play and encode: <c>--control http|datachannel</c> (the page posts its notes, or sends them
/// on the control data channel of its own peer connection), <c>--opus-application audio|restricted-lowdelay</c>, and
/// <c>--queue-target N</c> (the render lead in frames, for every row), <c>--lead-ms X</c> (the render lead in
/// milliseconds, which may be below a frame, in place of the frames), <c>--settle-seconds N</c> (how long the page
/// listens before the warm-up notes, 0 unless given), and <c>--pause-ms N</c> (an experiment: after settling, the
/// host's pacer stops once for N ms, see <see cref="PacerPause"/>, and the page listens 3 s more). Unset, the rows are
/// the HTTP, Opus-audio ones. <c>--latency-hint S</c> gives the RTP rows' AudioContext a latency hint of S seconds
/// instead of 'interactive'.
/// </summary>
internal sealed record LatencyOptions(
    string Control, string OpusApplication, int? QueueTarget, double? LeadMs = null, double SettleSeconds = 0, double PauseMs = 0, double? LatencyHint = null)
{
    /// <summary>Whether the notes go on the control data channel.</summary>
    public bool OverDataChannel => Control == "datachannel";

    public static LatencyOptions From(string[] args)
    {
        var control = Value(args, "--control") ?? "http";
        if (control is not ("http" or "datachannel"))
        {
            throw new ArgumentException($"--control is http or datachannel, not '{control}'.");
        }

        var application = Value(args, "--opus-application") ?? "audio";
        var target = Value(args, "--queue-target") is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : (int?)null;
        var leadMs = Value(args, "--lead-ms") is { } lead ? double.Parse(lead, CultureInfo.InvariantCulture) : (double?)null;
        var settle = Value(args, "--settle-seconds") is { } seconds ? double.Parse(seconds, CultureInfo.InvariantCulture) : 0;
        var pause = Value(args, "--pause-ms") is { } pauseText ? double.Parse(pauseText, CultureInfo.InvariantCulture) : 0;
        var hint = Value(args, "--latency-hint") is { } hintText ? double.Parse(hintText, CultureInfo.InvariantCulture) : (double?)null;
        return new LatencyOptions(control, application, target, leadMs, settle, pause, hint);
    }

    /// <summary>The host settings these options add to a row's.</summary>
    public string[] HostSettings() => LeadMs is { } lead
        ? ["--webrtc-audio-opus-application", OpusApplication, "--webrtc-audio-render-lead-ms", lead.ToString(CultureInfo.InvariantCulture)]
        : ["--webrtc-audio-opus-application", OpusApplication];

    /// <summary>The lead as the tables show it: in milliseconds when set so, else in frames.</summary>
    public string LeadText(int frames) => LeadMs is { } lead ? lead.ToString(CultureInfo.InvariantCulture) + " ms" : frames.ToString(CultureInfo.InvariantCulture);

    public override string ToString() =>
        $"control over {(OverDataChannel ? "the data channel" : "HTTP")}, Opus {OpusApplication}"
        + (QueueTarget is { } t ? $", lead {t} frame(s)" : "")
        + (LeadMs is { } ms ? string.Create(CultureInfo.InvariantCulture, $", lead {ms} ms") : "")
        + (SettleSeconds > 0 ? $", {SettleSeconds} s to settle" : "")
        + (PauseMs > 0 ? $", then a {PauseMs} ms pause of the pacer" : "")
        + (LatencyHint is { } hint ? $", AudioContext latency hint {hint} s" : "");

    private static string? Value(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
