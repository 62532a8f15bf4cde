using Orchestron.Csound.Midi;

namespace Orchestron.Csound;

/// <summary>Control channels, events and MIDI: the calls a host makes while the engine performs.</summary>
public sealed unsafe partial class CsoundInstance
{
    /// <summary>Sets a control channel (read in the orchestra with <c>chnget</c>); creates it if needed. Thread-safe.</summary>
    /// <param name="name">Channel name.</param>
    /// <param name="value">New value.</param>
    public void SetControlChannel(string name, double value)
    {
        ValidateChannelName(name);
        ThrowIfDisposed();
        Interop.Csound.csoundSetControlChannel(_handle, name, value);
    }

    /// <summary>Reads a control channel (written in the orchestra with <c>chnset</c>). Thread-safe.</summary>
    /// <param name="name">Channel name.</param>
    /// <exception cref="ArgumentException">The channel exists with another type (audio or string).</exception>
    public double GetControlChannel(string name)
    {
        ValidateChannelName(name);
        ThrowIfDisposed();
        int error;
        var value = Interop.Csound.csoundGetControlChannel(_handle, name, &error);
        if (error != 0)
        {
            throw new ArgumentException($"'{name}' is not a control channel of this instance (Csound error {error}).", nameof(name));
        }

        return value;
    }

    /// <summary>
    /// Looks a control channel up once (creating it if needed) and returns a handle that reads and
    /// writes its value without a lookup or an allocation, for use every control period.
    /// </summary>
    /// <param name="name">Channel name.</param>
    /// <exception cref="ArgumentException">The channel exists with another type (audio or string).</exception>
    public CsoundControlChannel GetControlChannelHandle(string name)
    {
        ValidateChannelName(name);
        ThrowIfDisposed();
        double* pointer = null;
        var result = Interop.Csound.csoundGetChannelPtr(
            _handle, &pointer, name, Interop.Csound.ControlChannel | Interop.Csound.InputChannel | Interop.Csound.OutputChannel);
        if (result != 0 || pointer == null)
        {
            throw new ArgumentException($"Csound refused the control channel '{name}' (code {result}); it may exist as an audio or string channel.", nameof(name));
        }

        return new CsoundControlChannel(this, name, pointer, _channelGeneration);
    }

    /// <summary>Sends a line of score text (e.g. <c>i 1 0 2 0.5</c>) as a real-time event. Thread-safe.</summary>
    /// <param name="message">One or more score lines.</param>
    public void InputMessage(string message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        if (message.Contains('\0'))
        {
            throw new ArgumentException("A score message cannot contain a NUL character.", nameof(message));
        }

        ThrowIfNotStarted();
        Interop.Csound.csoundInputMessage(_handle, message);
    }

    /// <summary>Schedules a score event without parsing text: allocation-free. Thread-safe.</summary>
    /// <param name="type">Statement type: <c>i</c> (note), <c>f</c> (table), <c>q</c> (mute), <c>a</c> (advance) or <c>e</c> (end).</param>
    /// <param name="pfields">p1, p2, p3, ... (for <c>i</c>: instrument, start in seconds from now, duration, ...).</param>
    public void ScoreEvent(char type, ReadOnlySpan<double> pfields)
    {
        if (type is not ('i' or 'f' or 'q' or 'a' or 'e'))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "A score event is one of 'i', 'f', 'q', 'a' or 'e'.");
        }

        if (type is 'i' or 'f' or 'q' && pfields.Length < 3)
        {
            throw new ArgumentException($"An '{type}' event needs at least p1, p2 and p3 (got {pfields.Length} p-fields).", nameof(pfields));
        }

        foreach (var pfield in pfields)
        {
            if (!double.IsFinite(pfield))
            {
                throw new ArgumentException("Every p-field must be a finite number.", nameof(pfields));
            }
        }

        ThrowIfNotStarted();
        int result;
        fixed (double* first = pfields)
        {
            result = Interop.Csound.csoundScoreEvent(_handle, (byte)type, first, new System.Runtime.InteropServices.CLong(pfields.Length));
        }

        if (result != 0)
        {
            throw new CsoundException($"Csound refused the '{type}' score event (code {result}).", _messages.RecentErrors());
        }
    }

    /// <summary>
    /// Turns every active instrument instance off at once (instruments 1 to
    /// <see cref="CsoundInstanceOptions.PanicInstrumentLimit"/>), and drops every host MIDI message queued before
    /// it, those waiting for their delay included, so no note sent before the panic starts after it. Thread-safe.
    /// </summary>
    /// <remarks>
    /// Each instrument number is one call that takes Csound's API lock; from another thread those calls
    /// compete with the performing thread for it, so a performer's
    /// <see cref="CsoundPerformer.Post(Action{CsoundInstance})"/> gets a panic done sooner.
    /// </remarks>
    /// <param name="allowRelease">Let instances play their release segment (<c>release</c>, <c>linsegr</c>) instead of stopping dead.</param>
    public void Panic(bool allowRelease = false)
    {
        ThrowIfNotStarted();
        _midiInput?.DiscardQueued();
        for (var instrument = 1; instrument <= _panicInstrumentLimit; instrument++)
        {
            // Kill mode 0: every instance of the instrument. Undefined numbers just return an error code.
            _ = Interop.Csound.csoundKillInstance(_handle, instrument, null, 0, allowRelease ? 1 : 0);
        }
    }

    /// <summary>
    /// Queues a channel MIDI message for host-implemented MIDI input; Csound reads it in the control
    /// period in which <paramref name="delay"/> has passed. Thread-safe and lock-free; allocates nothing.
    /// </summary>
    /// <param name="status">Status byte of a channel message, 0x80 to 0xEF (e.g. 0x90 = note-on, channel 1).</param>
    /// <param name="data1">First data byte, 0 to 127 (e.g. the note number).</param>
    /// <param name="data2">Second data byte, 0 to 127 (e.g. velocity); ignored for program change and channel pressure.</param>
    /// <param name="delay">How long after the current performance time to deliver; zero for the next control period.</param>
    /// <exception cref="InvalidOperationException">Host MIDI input is off, or the queue is full.</exception>
    public void SendMidi(byte status, byte data1, byte data2, TimeSpan delay = default)
    {
        if (!TrySendMidi(status, data1, data2, delay))
        {
            throw new InvalidOperationException("The MIDI input queue is full: Csound is not reading MIDI fast enough (is it performing?).");
        }
    }

    /// <summary>As <see cref="SendMidi"/>, but returns <see langword="false"/> instead of throwing when the queue is full.</summary>
    /// <param name="status">Status byte of a channel message, 0x80 to 0xEF.</param>
    /// <param name="data1">First data byte, 0 to 127.</param>
    /// <param name="data2">Second data byte, 0 to 127.</param>
    /// <param name="delay">How long after the current performance time to deliver.</param>
    public bool TrySendMidi(byte status, byte data1, byte data2, TimeSpan delay = default)
    {
        if (status is < 0x80 or > 0xEF)
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "A MIDI channel message's status byte is between 0x80 and 0xEF.");
        }

        if (data1 > 0x7F)
        {
            throw new ArgumentOutOfRangeException(nameof(data1), data1, "A MIDI data byte is between 0 and 127.");
        }

        if (data2 > 0x7F)
        {
            throw new ArgumentOutOfRangeException(nameof(data2), data2, "A MIDI data byte is between 0 and 127.");
        }

        if (delay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "The MIDI delivery delay cannot be negative.");
        }

        ThrowIfDisposed();
        var queue = _midiInput ?? throw new InvalidOperationException(
            $"Host MIDI input is off; create the instance with {nameof(CsoundInstanceOptions)}.{nameof(CsoundInstanceOptions.HostMidiInput)} = true.");
        var due = delay == TimeSpan.Zero
            ? 0
            : Interop.Csound.csoundGetCurrentTimeSamples(_handle) + (long)Math.Round(delay.TotalSeconds * Interop.Csound.csoundGetSr(_handle));
        return queue.TryEnqueue(new MidiMessage(due, status, data1, data2));
    }

    internal double ReadChannel(double* value, int generation, string name)
    {
        var added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
            ThrowIfStaleChannel(generation, name);
            return Volatile.Read(ref *value);
        }
        finally
        {
            if (added)
            {
                _handle.DangerousRelease();
            }
        }
    }

    internal void WriteChannel(double* value, int generation, string name, double newValue)
    {
        var added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
            ThrowIfStaleChannel(generation, name);
            Volatile.Write(ref *value, newValue);
        }
        finally
        {
            if (added)
            {
                _handle.DangerousRelease();
            }
        }
    }

    private void ThrowIfStaleChannel(int generation, string name)
    {
        if (generation != _channelGeneration)
        {
            throw new InvalidOperationException(
                $"The control channel '{name}' belongs to a performance that has since been reset, cleaned up or disposed; get a new handle.");
        }
    }

    private static void ValidateChannelName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.AsSpan().IndexOfAny(" \t\r\n\0") >= 0)
        {
            throw new ArgumentException($"The channel name '{name}' holds white space or a NUL character.", nameof(name));
        }
    }
}
