using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestron.Csound.Midi;

namespace Orchestron.Csound;

/// <summary>
/// One Csound 6 engine: compile an orchestra, start it, and render it one control period
/// (<c>ksmps</c> frames) at a time into <see cref="Spout"/>.
/// </summary>
/// <remarks>
/// <para>
/// Lifecycle: create with options, compile (<see cref="CompileCsdText"/>, <see cref="CompileOrchestra"/>,
/// <see cref="ReadScore"/>), <see cref="Start"/>, call <see cref="PerformKsmps"/> until it returns
/// <see langword="true"/>, then <see cref="Cleanup"/> and either <see cref="Reset"/> to compile
/// again or <see cref="Dispose"/>.
/// </para>
/// <para>
/// Thread safety: <see cref="SetControlChannel"/>, <see cref="GetControlChannel"/>,
/// <see cref="CsoundControlChannel.Value"/>, <see cref="SendMidi"/>, <see cref="InputMessage"/>,
/// <see cref="ScoreEvent"/>, <see cref="Panic"/> and <see cref="CurrentTimeSamples"/> may be called from
/// any thread while another thread performs (Csound serialises them with its own locks; MIDI goes
/// through a lock-free queue). Every other member belongs to one thread at a time and must not run
/// while another thread is inside <see cref="PerformKsmps"/>; <see cref="CsoundPerformer.Post(Action{CsoundInstance})"/> runs
/// such work on the performing thread between control periods. A <see cref="Dispose"/> that races
/// with a native call never frees the engine under it: the engine is destroyed when that call returns.
/// </para>
/// <para>
/// Everything Csound prints goes to the <see cref="ILogger"/>, line by line; nothing reaches the console.
/// </para>
/// </remarks>
public sealed unsafe partial class CsoundInstance : IDisposable
{
    private const int StateCreated = 0;
    private const int StateStarted = 1;
    private const int StateCleanedUp = 2;

    private readonly SafeCsoundHandle _handle;
    private readonly IReadOnlyList<string> _arguments;
    private readonly CsoundMessageLog _messages;
    private readonly MidiInputQueue? _midiInput;
    private readonly int _panicInstrumentLimit;
    private readonly bool _allowExitNow;
    private volatile int _state;
    private volatile int _channelGeneration;
    private int _disposed;
    private double* _spout;
    private double* _spin;
    private int _spoutLength;
    private int _spinLength;
    private CsoundAudioFormat _format;

    /// <summary>
    /// Creates a Csound engine and applies <paramref name="options"/>; what Csound prints goes only to
    /// <see cref="CsoundInstanceOptions.MessageHandler"/>, if set.
    /// </summary>
    /// <param name="options">Command-line options and MIDI input; validated here.</param>
    /// <exception cref="ArgumentException">An option is invalid (the message names it).</exception>
    /// <exception cref="DllNotFoundException">libcsound64 is not installed (the message names the package).</exception>
    /// <exception cref="CsoundException">Csound rejected an option.</exception>
    public CsoundInstance(CsoundInstanceOptions options)
        : this(options, logger: null)
    {
    }

    /// <summary>Creates a Csound engine and applies <paramref name="options"/>.</summary>
    /// <param name="options">Command-line options and MIDI input; validated here.</param>
    /// <param name="logger">Receives every line Csound prints; none when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">An option is invalid (the message names it).</exception>
    /// <exception cref="DllNotFoundException">libcsound64 is not installed (the message names the package).</exception>
    /// <exception cref="CsoundException">Csound rejected an option.</exception>
    public CsoundInstance(CsoundInstanceOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _arguments = options.ToArguments();
        _panicInstrumentLimit = options.PanicInstrumentLimit;
        _allowExitNow = options.AllowExitNow;
        _messages = new CsoundMessageLog(logger ?? NullLogger.Instance, options.MessageHandler);
        _midiInput = options.HostMidiInput ? new MidiInputQueue(options.MidiQueueCapacity) : null;
        CsoundRuntime.EnsureInitialized();
        _handle = SafeCsoundHandle.Create(new CsoundCallbackState(_messages, _midiInput));
        try
        {
            Configure();
        }
        catch
        {
            _handle.Dispose();
            throw;
        }
    }

    /// <summary>The options this instance passes to Csound, one per <c>csoundSetOption</c> call.</summary>
    public IReadOnlyList<string> Arguments => _arguments;

    /// <summary>True between a successful <see cref="Start"/> and <see cref="Cleanup"/>, <see cref="Reset"/> or <see cref="Dispose"/>.</summary>
    public bool IsStarted => _state == StateStarted && Volatile.Read(ref _disposed) == 0;

    /// <summary>Whether MIDI input comes from <see cref="SendMidi"/>.</summary>
    public bool HostMidiInput => _midiInput is not null;

    /// <summary>Compiles a whole CSD (orchestra, score and options) given as text.</summary>
    /// <param name="csdText">The text of a <c>.csd</c> file.</param>
    /// <exception cref="CsoundCompileException">Csound could not compile it; carries Csound's error lines.</exception>
    public void CompileCsdText(string csdText)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(csdText);
        if (!csdText.Contains("<CsoundSynthesizer>", StringComparison.Ordinal))
        {
            throw new ArgumentException("CSD text must contain a <CsoundSynthesizer> element.", nameof(csdText));
        }

        ThrowIfDisposed();
        RefuseProcessExit(csdText, nameof(csdText));
        RunCompile(() => Interop.Csound.csoundCompileCsdText(_handle, csdText), "the CSD");
        if (_state == StateCreated)
        {
            // The CSD's <CsOptions> were applied while compiling; the host's options win.
            ApplyOptions();
        }
    }

    /// <summary>Compiles orchestra code; before <see cref="Start"/> the header (sr, ksmps, nchnls, 0dbfs) sets the format.</summary>
    /// <param name="orchestra">Orchestra code: header and instruments.</param>
    /// <exception cref="CsoundCompileException">Csound could not compile it; carries Csound's error lines.</exception>
    public void CompileOrchestra(string orchestra)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestra);
        ThrowIfDisposed();
        RefuseProcessExit(orchestra, nameof(orchestra));
        RunCompile(() => Interop.Csound.csoundCompileOrc(_handle, orchestra), "the orchestra");
    }

    /// <summary>Reads score statements (e.g. <c>i1 0 2</c>), scheduled relative to the current time.</summary>
    /// <param name="score">Score text.</param>
    /// <exception cref="CsoundCompileException">Csound could not read it.</exception>
    public void ReadScore(string score)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(score);
        ThrowIfDisposed();
        RunCompile(() => Interop.Csound.csoundReadScore(_handle, score), "the score");
    }

    /// <summary>Starts the engine: opens the audio output and makes <see cref="Spout"/> and <see cref="Format"/> valid.</summary>
    /// <exception cref="InvalidOperationException">Already started, or cleaned up without a <see cref="Reset"/>.</exception>
    /// <exception cref="CsoundException">Csound could not start (e.g. the audio device did not open).</exception>
    public void Start()
    {
        ThrowIfDisposed();
        switch (_state)
        {
            case StateStarted:
                throw new InvalidOperationException("The Csound instance is already started.");
            case StateCleanedUp:
                throw new InvalidOperationException("The Csound instance was cleaned up; call Reset() and compile again before Start().");
        }

        _messages.BeginCapture();
        int result;
        IReadOnlyList<string> lines;
        try
        {
            result = Interop.Csound.csoundStart(_handle);
        }
        finally
        {
            lines = _messages.EndCapture();
        }

        if (result != 0)
        {
            throw new CsoundException($"Csound could not start (code {result}).", lines);
        }

        _format = new CsoundAudioFormat(
            Interop.Csound.csoundGetSr(_handle),
            checked((int)Interop.Csound.csoundGetKsmps(_handle)),
            checked((int)Interop.Csound.csoundGetNchnls(_handle)),
            Interop.Csound.csoundGet0dBFS(_handle));
        _spout = Interop.Csound.csoundGetSpout(_handle);
        _spin = Interop.Csound.csoundGetSpin(_handle);
        _spoutLength = _format.Ksmps * _format.Channels;
        _spinLength = _format.Ksmps * checked((int)Interop.Csound.csoundGetNchnlsInput(_handle));
        _state = StateStarted;
    }

    /// <summary>Renders one control period into <see cref="Spout"/>.</summary>
    /// <returns><see langword="true"/> when the performance has ended (end of score, or stopped); then <see cref="Spout"/> holds no new audio.</returns>
    /// <exception cref="InvalidOperationException">Not started.</exception>
    /// <exception cref="ObjectDisposedException">Disposed.</exception>
    public bool PerformKsmps() => PerformKsmpsCode() != 0;

    /// <summary>
    /// The output of the last control period: <see cref="Ksmps"/> x <see cref="Channels"/> interleaved
    /// samples, read in place (no copy). Valid until the next <see cref="PerformKsmps"/>.
    /// </summary>
    public ReadOnlySpan<double> Spout
    {
        get
        {
            ThrowIfNotStarted();
            return new ReadOnlySpan<double>(_spout, _spoutLength);
        }
    }

    /// <summary>
    /// The input for the next control period (<c>ksmps</c> x <c>nchnls_i</c> interleaved samples,
    /// read by <c>in</c>/<c>inch</c>), written in place.
    /// </summary>
    public Span<double> Spin
    {
        get
        {
            ThrowIfNotStarted();
            return new Span<double>(_spin, _spinLength);
        }
    }

    /// <summary>The audio format; valid after <see cref="Start"/>.</summary>
    public CsoundAudioFormat Format
    {
        get
        {
            ThrowIfNotStarted();
            return _format;
        }
    }

    /// <summary>Sample rate in Hz (<c>sr</c>) of the compiled orchestra.</summary>
    public double SampleRate => IsStarted ? _format.SampleRate : Interop.Csound.csoundGetSr(_handle);

    /// <summary>Frames per control period (<c>ksmps</c>) of the compiled orchestra.</summary>
    public int Ksmps => IsStarted ? _format.Ksmps : checked((int)Interop.Csound.csoundGetKsmps(_handle));

    /// <summary>Output channels (<c>nchnls</c>) of the compiled orchestra.</summary>
    public int Channels => IsStarted ? _format.Channels : checked((int)Interop.Csound.csoundGetNchnls(_handle));

    /// <summary>The value of full scale (<c>0dbfs</c>) of the compiled orchestra.</summary>
    public double ZeroDbfs => IsStarted ? _format.ZeroDbfs : Interop.Csound.csoundGet0dBFS(_handle);

    /// <summary>Frames rendered since <see cref="Start"/>; safe from any thread.</summary>
    public long CurrentTimeSamples => Interop.Csound.csoundGetCurrentTimeSamples(_handle);

    /// <summary>Stops the performance and closes audio output and files; then <see cref="Reset"/> or <see cref="Dispose"/>.</summary>
    public void Cleanup()
    {
        ThrowIfDisposed();
        if (_state != StateStarted)
        {
            return;
        }

        InvalidateStartedState(StateCleanedUp);
        _ = Interop.Csound.csoundCleanup(_handle);
        _messages.Flush();
    }

    /// <summary>
    /// Returns the engine to its freshly created state, with this instance's options applied again,
    /// ready to compile and start anew.
    /// </summary>
    public void Reset()
    {
        ThrowIfDisposed();
        InvalidateStartedState(StateCreated);
        Interop.Csound.csoundReset(_handle);
        _messages.Flush();
        _midiInput?.Clear();
        // csoundReset forgets the message callback and the host-implemented MIDI set-up.
        Configure();
    }

    /// <summary>Destroys the engine. Safe to call more than once.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // The spout and spin pointers stay as they are: a performer thread may be reading them, and
        // the engine behind them lives until that thread's reference on the handle is released.
        _state = StateCleanedUp;
        _channelGeneration++;
        _handle.Dispose();
        _messages.Flush();
    }

    internal SafeCsoundHandle Handle => _handle;

    internal CsoundMessageLog Messages => _messages;

    /// <summary>The raw result of <c>csoundPerformKsmps</c>: 0 to continue, positive when ended.</summary>
    internal int PerformKsmpsCode()
    {
        ThrowIfNotStarted();
        var result = Interop.Csound.csoundPerformKsmps(_handle);
        if (result < 0)
        {
            throw new CsoundException($"csoundPerformKsmps failed (code {result}).", _messages.RecentErrors());
        }

        return result;
    }

    private void Configure()
    {
        Interop.Csound.csoundSetHostData(_handle, _handle.CallbackStatePointer);
        Interop.Csound.csoundSetMessageStringCallback(_handle, CsoundCallbacks.Message);
        if (_midiInput is not null)
        {
            Interop.Csound.csoundSetHostImplementedMIDIIO(_handle, 1);
            Interop.Csound.csoundSetExternalMidiInOpenCallback(_handle, CsoundCallbacks.MidiInOpen);
            Interop.Csound.csoundSetExternalMidiReadCallback(_handle, CsoundCallbacks.MidiRead);
            Interop.Csound.csoundSetExternalMidiInCloseCallback(_handle, CsoundCallbacks.MidiInClose);
        }

        ApplyOptions();
    }

    private void ApplyOptions()
    {
        foreach (var argument in _arguments)
        {
            _messages.BeginCapture();
            var result = Interop.Csound.csoundSetOption(_handle, argument);
            var lines = _messages.EndCapture();
            if (result != 0)
            {
                throw new CsoundException($"Csound rejected the option '{argument}' (code {result}).", lines);
            }
        }
    }

    private static readonly Lock CompileGate = new();

    private void RunCompile(Func<int> compile, string what)
    {
        _messages.BeginCapture();
        int result;
        IReadOnlyList<string> lines;
        try
        {
            // Csound 6's orchestra compiler keeps state outside the instance: two instances compiling at once can
            // fail each other's compile ("Variable '__synthetic_N' used before defined"). One compile at a time
            // in the process; performing is not affected.
            lock (CompileGate)
            {
                result = compile();
            }
        }
        finally
        {
            lines = _messages.EndCapture();
        }

        if (result != 0)
        {
            throw new CsoundCompileException($"Csound could not compile {what} (code {result}).", lines);
        }
    }

    private void RefuseProcessExit(string code, string parameterName)
    {
        if (!_allowExitNow && ExitNowOpcode().IsMatch(code))
        {
            throw new ArgumentException(
                $"The code uses the 'exitnow' opcode, which would end the whole process. Remove it, or set {nameof(CsoundInstanceOptions)}.{nameof(CsoundInstanceOptions.AllowExitNow)} if that is really wanted.",
                parameterName);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\bexitnow\b", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex ExitNowOpcode();

    private void InvalidateStartedState(int newState)
    {
        _state = newState;
        _channelGeneration++;
        _spout = null;
        _spin = null;
        _spoutLength = 0;
        _spinLength = 0;
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    private void ThrowIfNotStarted()
    {
        ThrowIfDisposed();
        if (_state != StateStarted)
        {
            throw new InvalidOperationException(_state == StateCleanedUp
                ? "The Csound instance was cleaned up; call Reset(), compile and Start() again."
                : "The Csound instance is not started; compile an orchestra and call Start() first.");
        }
    }
}
