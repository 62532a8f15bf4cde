using System.Globalization;

namespace Orchestron.Csound;

/// <summary>
/// How to create a <see cref="CsoundInstance"/>: Csound command-line options, each set with its own
/// <c>csoundSetOption</c> call, and whether the host supplies MIDI input.
/// </summary>
/// <remarks>
/// These options are applied when the instance is created and again after a CSD is compiled, so they
/// take precedence over the CSD's <c>&lt;CsOptions&gt;</c>. <see cref="Validate"/> runs when the instance
/// is created and names the first setting that is wrong.
/// </remarks>
public sealed class CsoundInstanceOptions
{
    /// <summary>
    /// Where audio goes: <see langword="null"/> for no audio output at all (<c>-n</c>, the usual choice
    /// when the host reads <c>spout</c>), <c>"dac"</c> or <c>"dac:device"</c> for the realtime audio
    /// device (<c>-odac</c>), or a file name.
    /// </summary>
    public string? AudioOutput { get; set; }

    /// <summary>The realtime audio module (<c>-+rtaudio=</c>), e.g. <c>jack</c>, <c>pulse</c>, <c>alsa</c>, <c>portaudio</c>.</summary>
    public string? RealtimeAudioModule { get; set; }

    /// <summary>The realtime MIDI module (<c>-+rtmidi=</c>), e.g. <c>alsaseq</c>, <c>portmidi</c>. Not with <see cref="HostMidiInput"/>.</summary>
    public string? RealtimeMidiModule { get; set; }

    /// <summary>The MIDI input device (<c>-M</c>), e.g. <c>0</c> or <c>a</c>. Not with <see cref="HostMidiInput"/>.</summary>
    public string? MidiInputDevice { get; set; }

    /// <summary>
    /// When true, MIDI input comes from <see cref="CsoundInstance.SendMidi"/> (host-implemented MIDI,
    /// <c>-M0</c>) instead of a MIDI module.
    /// </summary>
    public bool HostMidiInput { get; set; }

    /// <summary>How many MIDI messages may wait for Csound at once when <see cref="HostMidiInput"/> is on (default 1024).</summary>
    public int MidiQueueCapacity { get; set; } = 1024;

    /// <summary>
    /// <see cref="CsoundInstance.Panic"/> turns off every instance of instruments 1 to this number
    /// (named instruments are numbered after the highest numbered one); default 1000.
    /// </summary>
    public int PanicInstrumentLimit { get; set; } = 1000;

    /// <summary>
    /// Accept orchestras that use the <c>exitnow</c> opcode, which calls the C library's <c>exit</c> and so
    /// ends the whole host process, not just the performance. Off by default: such code is refused
    /// when compiled (code that arrives through <c>#include</c> or <c>compilestr</c> is not seen).
    /// </summary>
    public bool AllowExitNow { get; set; }

    /// <summary>Software buffer size in sample frames (<c>-b</c>); <see langword="null"/> for Csound's default.</summary>
    public int? SoftwareBufferFrames { get; set; }

    /// <summary>Hardware buffer size in sample frames (<c>-B</c>); <see langword="null"/> for Csound's default.</summary>
    public int? HardwareBufferFrames { get; set; }

    /// <summary>Suppress graphical displays of tables (<c>-d</c>); on by default, a host has no display.</summary>
    public bool SuppressDisplays { get; set; } = true;

    /// <summary>Csound's message level (<c>-m</c>, a sum of 1 = note amplitudes, 2 = out-of-range, 4 = warnings, ...).</summary>
    public int? MessageLevel { get; set; }

    /// <summary>
    /// Receives every line Csound prints, beside the instance's logger: for a program without
    /// Microsoft.Extensions.Logging. Called on whichever thread Csound prints from; it must not throw or block.
    /// </summary>
    public CsoundMessageHandler? MessageHandler { get; set; }

    /// <summary>Environment variables for Csound (<c>--env:NAME=value</c>), e.g. <c>SSDIR</c>, <c>SFDIR</c>, <c>INCDIR</c>.</summary>
    public IDictionary<string, string> Environment { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Further options passed verbatim, one option per entry (e.g. <c>--sample-accurate</c>, <c>-+jack_client=name</c>).</summary>
    public IList<string> AdditionalOptions { get; } = new List<string>();

    /// <summary>Options for rendering offline into <c>spout</c>: no audio output, no displays.</summary>
    public static CsoundInstanceOptions Headless() => new();

    /// <summary>Options for playing to the realtime audio device through <paramref name="realtimeAudioModule"/>.</summary>
    /// <param name="realtimeAudioModule">The rtaudio module, e.g. <c>jack</c> or <c>pulse</c>.</param>
    /// <param name="device">The device, <c>dac</c> by default.</param>
    public static CsoundInstanceOptions RealtimeOutput(string realtimeAudioModule, string device = "dac") =>
        new() { AudioOutput = device, RealtimeAudioModule = realtimeAudioModule };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that is invalid.</summary>
    public void Validate()
    {
        CheckValue(AudioOutput, nameof(AudioOutput));
        CheckValue(RealtimeAudioModule, nameof(RealtimeAudioModule));
        CheckValue(RealtimeMidiModule, nameof(RealtimeMidiModule));
        CheckValue(MidiInputDevice, nameof(MidiInputDevice));
        if (HostMidiInput && (MidiInputDevice is not null || RealtimeMidiModule is not null))
        {
            throw new ArgumentException(
                $"{nameof(HostMidiInput)} supplies MIDI from the host; leave {nameof(MidiInputDevice)} and {nameof(RealtimeMidiModule)} unset.",
                nameof(HostMidiInput));
        }

        if (HostMidiInput && MidiQueueCapacity is < 2 or > 1 << 20)
        {
            throw new ArgumentOutOfRangeException(nameof(MidiQueueCapacity), MidiQueueCapacity, "The MIDI queue holds between 2 and 1048576 messages.");
        }

        if (PanicInstrumentLimit is < 1 or > 100_000)
        {
            throw new ArgumentOutOfRangeException(nameof(PanicInstrumentLimit), PanicInstrumentLimit, "Panic covers instruments 1 to a limit between 1 and 100000.");
        }

        if (SoftwareBufferFrames is { } software && software == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(SoftwareBufferFrames), software, "The software buffer (-b) cannot be 0 frames.");
        }

        if (HardwareBufferFrames is { } hardware && hardware <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(HardwareBufferFrames), hardware, "The hardware buffer (-B) must be a positive number of frames.");
        }

        if (MessageLevel is { } level && level is < 0 or > 1023)
        {
            throw new ArgumentOutOfRangeException(nameof(MessageLevel), level, "Csound's message level (-m) is between 0 and 1023.");
        }

        foreach (var (name, value) in Environment)
        {
            if (string.IsNullOrWhiteSpace(name) || name.AsSpan().IndexOfAny("= \t\r\n\0") >= 0)
            {
                throw new ArgumentException($"The environment variable name '{name}' is empty or holds '=', white space or a control character.", nameof(Environment));
            }

            CheckValue(value, $"{nameof(Environment)}[{name}]");
        }

        foreach (var option in AdditionalOptions)
        {
            if (string.IsNullOrWhiteSpace(option) || !option.StartsWith('-') || option.AsSpan().IndexOfAny("\r\n\0") >= 0)
            {
                throw new ArgumentException(
                    $"The Csound option '{option}' must start with '-', hold one option only and no line break or NUL.",
                    nameof(AdditionalOptions));
            }
        }
    }

    /// <summary>The options as Csound receives them, one per <c>csoundSetOption</c> call.</summary>
    public IReadOnlyList<string> ToArguments()
    {
        Validate();
        var arguments = new List<string> { AudioOutput is null ? "-n" : "-o" + AudioOutput };
        if (SuppressDisplays)
        {
            arguments.Add("-d");
        }

        AddIfSet(arguments, "-+rtaudio=", RealtimeAudioModule);
        AddIfSet(arguments, "-+rtmidi=", RealtimeMidiModule);
        AddIfSet(arguments, "-M", HostMidiInput ? "0" : MidiInputDevice);
        AddIfSet(arguments, "-b", SoftwareBufferFrames?.ToString(CultureInfo.InvariantCulture));
        AddIfSet(arguments, "-B", HardwareBufferFrames?.ToString(CultureInfo.InvariantCulture));
        AddIfSet(arguments, "-m", MessageLevel?.ToString(CultureInfo.InvariantCulture));
        foreach (var (name, value) in Environment)
        {
            arguments.Add($"--env:{name}={value}");
        }

        arguments.AddRange(AdditionalOptions);
        return arguments;
    }

    private static void AddIfSet(List<string> arguments, string prefix, string? value)
    {
        if (value is not null)
        {
            arguments.Add(prefix + value);
        }
    }

    private static void CheckValue(string? value, string setting)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length == 0 || value.AsSpan().IndexOfAny("\r\n\0") >= 0)
        {
            throw new ArgumentException($"{setting} must be non-empty and hold no line break or NUL character (was '{value}').", setting);
        }
    }
}
