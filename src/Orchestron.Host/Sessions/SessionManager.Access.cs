using Orchestron.Host.Configuration;
using Orchestron.Streaming;

namespace Orchestron.Host.Sessions;

/// <summary>
/// Finding sessions, and playing a running one (MIDI, control channels, panic) or reaching its stream for listeners,
/// each call checked before it reaches Csound.
/// </summary>
public sealed partial class SessionManager
{
    /// <summary>Whether sessions stream to browsers (true) or play on the machine's audio device.</summary>
    public bool IsStreaming => _options.AudioOutputMode == AudioOutputMode.Streaming;

    /// <summary>The sessions, newest last.</summary>
    public IReadOnlyList<HostSession> Sessions => [.. _sessions.Values.OrderBy(s => s.CreatedAt)];

    /// <summary>The most sessions kept at once.</summary>
    public int MaxSessions => _admission.MaxSessions;

    /// <summary>Capacity slots held now: sessions that exist plus creates still compiling.</summary>
    public int SessionCount => _admission.SessionsHeld;

    /// <summary>The session with this id.</summary>
    public HostSession Get(string id) => TryGet(id, out var session) ? session : throw SessionException.NotFound(id);

    /// <summary>The session with this id, if it exists.</summary>
    public bool TryGet(string id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out HostSession? session) => _sessions.TryGetValue(id, out session);

    /// <summary>Queues a checked MIDI message for the running session; note-ons within the session's note rate.</summary>
    public void SendMidi(string id, MidiEvent midi)
    {
        if (midi.IsNoteOn && CpuShareRefusal.Refuses(Get(id).Stream, out var cpu))
        {
            throw CpuShareRefusal.NoteOn(cpu);
        }

        if (midi.IsNoteOn && Get(id).NoteOns is var noteOns && !noteOns.TryAcquire())
        {
            throw noteOns.Refusal();
        }

        if (!Play(id, midi, static (stream, midi) => stream.TrySendMidi(midi.Status, midi.Data1, midi.Data2, midi.Delay)))
        {
            throw SessionException.Conflict("MIDI queue full", "Too many MIDI messages are waiting; send fewer at once.");
        }
    }

    /// <summary>Sets a control channel the session's CSD declares, within its declared range (see <see cref="ChannelValueCheck"/>).</summary>
    public void SetChannel(string id, string name, double value)
    {
        ChannelValueCheck.Check(Get(id).Channels, name, value);
        Play(id, (name, value), static (stream, channel) =>
        {
            stream.SetControlChannel(channel.name, channel.value);
            return true;
        });
    }

    /// <summary>Turns every sounding note of the running session off before its next control period, a few times a second at most.</summary>
    public void Panic(string id)
    {
        if (!Get(id).Panics.TryEnter())
        {
            throw PanicThrottle.Refusal();
        }

        Play(id, 0, static (stream, _) =>
        {
            stream.Panic();
            return true;
        });
    }

    /// <summary>The running session's stream, for its listeners and forwards.</summary>
    internal ICsoundStream RunningStream(string id)
    {
        var session = Get(id);
        if (!IsStreaming)
        {
            throw SessionException.Conflict("Not streaming", "The host runs in local mode: audio plays on the server's audio device, not in the browser.");
        }

        var stream = session.Stream;
        return session.State == SessionState.Running && stream?.Sender is not null
            ? stream
            : throw SessionException.Conflict("Session not running", "Start the session before connecting to its audio.");
    }

    /// <summary>
    /// Runs a call on the running stream; a stream released under the call means the session is not running. The
    /// call's arguments travel as <paramref name="state"/> so that a static lambda serves every message without a closure.
    /// </summary>
    private bool Play<TState>(string id, TState state, Func<ICsoundStream, TState, bool> call)
    {
        var session = Get(id);
        var stream = session.Stream;
        if (session.State != SessionState.Running || stream is null)
        {
            throw NotRunning();
        }

        try
        {
            return call(stream, state);
        }
        catch (Exception error) when (error is ObjectDisposedException or InvalidOperationException)
        {
            // A stop or delete released the stream between the check and the call.
            throw NotRunning();
        }

        static SessionException NotRunning() => SessionException.Conflict("Session not running", "Start the session first.");
    }
}
