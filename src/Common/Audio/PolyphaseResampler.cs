using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Orchestron.Streaming.Audio;

// No accessibility named: public in Orchestron.Streaming (Audio/SharedSourceTypes.cs), internal in the worker.
/// <summary>
/// Converts interleaved stereo float audio from one integer sample rate to another with a polyphase
/// Kaiser-windowed sinc filter, keeping its state across calls so that a stream cut into blocks of any
/// size comes out exactly as if it had been converted in one piece.
/// </summary>
/// <remarks>
/// <para>
/// The ratio is reduced to L/M by the greatest common divisor (44100 to 48000 is 160/147) and output
/// sample n is computed from input position n x M / L with integer arithmetic only, so the output length
/// is the exact rational length for ever: N input frames give floor((N x L - 1) / M) + 1 output frames.
/// </para>
/// <para>
/// The filter passes 0 to 0.9075 of the lower Nyquist frequency (20 kHz at 44.1 kHz) and stops from the
/// lower Nyquist frequency on, designed for 120 dB of stopband attenuation; images and aliases measure at
/// least 100 dB down and a 1 kHz sine at -1 dBFS comes out of 44.1 to 48 kHz with THD+N of -142 dB (the
/// coefficients are designed in double; float storage and accumulation stay well below that). Each output frame is one dot product of a filter branch with the input
/// history, vectorised with the widest fused multiply-adds the processor has (512, 256 or 128 bits); the
/// history is kept as a left and a right plane so that each coefficient vector serves both channels as
/// loaded. Equal rates are passed through bit-exactly.
/// </para>
/// <para>Not thread-safe: one instance serves one stream on one thread at a time. <see cref="Process"/> allocates nothing.</para>
/// </remarks>
sealed partial class PolyphaseResampler
{
    /// <summary>The largest number of filter branches (L) a conversion may need; it bounds the table's memory.</summary>
    public const int MaxPhases = 2048;

    private const int HistoryChunkFrames = 4096;

    private readonly float[] _branches;
    private readonly int _branchesOffset;
    // Two planes, left frames then right frames, each _historyCapacityFrames long.
    private readonly float[] _history;
    private readonly int _taps;
    private readonly int _up;
    private readonly int _down;
    private readonly int _historyCapacityFrames;
    private int _filledFrames;
    private int _nextFrame;
    private int _phase;

    /// <summary>Creates a resampler from <paramref name="inputRate"/> to <paramref name="outputRate"/>.</summary>
    /// <param name="inputRate">Input sample rate in Hz, e.g. 44100.</param>
    /// <param name="outputRate">Output sample rate in Hz, e.g. 48000.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A rate is not positive, or the reduced ratio needs more than <see cref="MaxPhases"/> branches.
    /// </exception>
    public PolyphaseResampler(int inputRate, int outputRate)
        : this(inputRate, outputRate, ResamplerFilterDesign.DefaultStopbandAttenuationDb)
    {
    }

    /// <summary>Creates a resampler whose filter is designed for <paramref name="stopbandAttenuationDb"/> of stopband attenuation.</summary>
    /// <param name="inputRate">Input sample rate in Hz.</param>
    /// <param name="outputRate">Output sample rate in Hz.</param>
    /// <param name="stopbandAttenuationDb">At least <see cref="ResamplerFilterDesign.MinStopbandAttenuationDb"/>; more costs longer filters.</param>
    internal PolyphaseResampler(int inputRate, int outputRate, double stopbandAttenuationDb)
    {
        if (inputRate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(inputRate), inputRate, "The input sample rate must be a positive number of Hz.");
        }

        if (outputRate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(outputRate), outputRate, "The output sample rate must be a positive number of Hz.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(stopbandAttenuationDb, ResamplerFilterDesign.MinStopbandAttenuationDb);
        InputRate = inputRate;
        OutputRate = outputRate;
        var divisor = GreatestCommonDivisor(inputRate, outputRate);
        _up = outputRate / divisor;
        _down = inputRate / divisor;
        if (_up > MaxPhases)
        {
            throw new ArgumentOutOfRangeException(
                nameof(inputRate),
                inputRate,
                $"Resampling {inputRate} Hz to {outputRate} Hz reduces to the ratio {_up}/{_down}, which needs {_up} filter phases; at most {MaxPhases} are supported. " +
                "Rates used in practice (8000, 11025, 16000, 22050, 32000, 44100, 48000, 88200, 96000 Hz) all fit.");
        }

        if (IsBypass)
        {
            _branches = [];
            _history = [];
            return;
        }

        _taps = ResamplerFilterDesign.TapsPerPhase(inputRate, outputRate, stopbandAttenuationDb);
        (_branches, _branchesOffset) = AlignedCopy(ResamplerFilterDesign.BuildBranches(inputRate, outputRate, _up, _taps, stopbandAttenuationDb));
        _historyCapacityFrames = _taps - 1 + HistoryChunkFrames;
        _history = new float[_historyCapacityFrames * 2];
        Reset();
    }

    /// <summary>Input sample rate in Hz.</summary>
    public int InputRate { get; }

    /// <summary>Output sample rate in Hz.</summary>
    public int OutputRate { get; }

    /// <summary>L: the output rate divided by the greatest common divisor of the two rates.</summary>
    public int UpFactor => _up;

    /// <summary>M: the input rate divided by the greatest common divisor of the two rates.</summary>
    public int DownFactor => _down;

    /// <summary>Taps per filter branch (0 when bypassed).</summary>
    public int TapsPerPhase => _taps;

    /// <summary>True when the rates are equal and audio passes through unchanged.</summary>
    public bool IsBypass => InputRate == OutputRate;

    /// <summary>The filter's delay in output frames (0 when bypassed).</summary>
    public double DelayFrames => IsBypass ? 0 : ((_taps * (double)_up) - 1) / 2 / _down;

    /// <summary>The largest number of output frames <see cref="Process"/> can produce from <paramref name="inputFrames"/> input frames, whatever the state.</summary>
    /// <param name="inputFrames">Input frames (per channel) of one call.</param>
    /// <returns>An upper bound to size output buffers with.</returns>
    public int GetMaxOutputFrames(int inputFrames)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputFrames);
        return IsBypass ? inputFrames : (int)(((long)inputFrames * _up / _down) + 1);
    }

    /// <summary>The exact number of output frames the next <see cref="Process"/> call will produce from <paramref name="inputFrames"/> input frames.</summary>
    /// <param name="inputFrames">Input frames (per channel).</param>
    /// <returns>The output frame count.</returns>
    public int GetOutputFrameCount(int inputFrames)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputFrames);
        if (IsBypass)
        {
            return inputFrames;
        }

        // Output k of this call needs input frame _nextFrame + floor((_phase + k M) / L); count the k for
        // which that frame is available.
        var lastAvailable = (long)_filledFrames + inputFrames - 1 - _nextFrame;
        if (lastAvailable < 0)
        {
            return 0;
        }

        var count = ((((lastAvailable + 1) * _up) - 1 - _phase) / _down) + 1;
        return count <= int.MaxValue / 2
            ? (int)count
            : throw new ArgumentOutOfRangeException(nameof(inputFrames), inputFrames, "The block is too large: its output would not fit in a span.");
    }

    /// <summary>Forgets all past input, as if newly created.</summary>
    public void Reset()
    {
        if (IsBypass)
        {
            return;
        }

        Array.Clear(_history);
        _filledFrames = _taps - 1;
        _nextFrame = _taps - 1;
        _phase = 0;
    }

    /// <summary>Converts one block of interleaved stereo input, consuming all of it.</summary>
    /// <param name="input">Interleaved stereo frames at <see cref="InputRate"/>; any number, including 0.</param>
    /// <param name="output">Receives interleaved stereo frames at <see cref="OutputRate"/>; must hold <see cref="GetOutputFrameCount"/> frames.</param>
    /// <returns>The number of output frames written (per channel).</returns>
    /// <exception cref="ArgumentException">The input has an odd length, or the output is too short.</exception>
    public int Process(ReadOnlySpan<float> input, Span<float> output)
    {
        if ((input.Length & 1) != 0)
        {
            throw new ArgumentException($"The input must hold whole interleaved stereo frames; its length {input.Length} is odd.", nameof(input));
        }

        var inputFrames = input.Length / 2;
        var outputFrames = GetOutputFrameCount(inputFrames);
        if (output.Length < outputFrames * 2)
        {
            throw new ArgumentException($"The output holds {output.Length / 2} stereo frames but this block produces {outputFrames}.", nameof(output));
        }

        if (IsBypass)
        {
            input.CopyTo(output);
            return inputFrames;
        }

        var produced = 0;
        while (true)
        {
            produced += Drain(output[(produced * 2)..]);
            if (input.IsEmpty)
            {
                return produced;
            }

            var remainingFrames = input.Length / 2;
            if (_historyCapacityFrames - _filledFrames < remainingFrames)
            {
                DiscardConsumedHistory();
            }

            var takeFrames = Math.Min(remainingFrames, _historyCapacityFrames - _filledFrames);
            ResamplerKernels.Deinterleave(
                input[..(takeFrames * 2)],
                _history.AsSpan(_filledFrames, takeFrames),
                _history.AsSpan(_historyCapacityFrames + _filledFrames, takeFrames));
            _filledFrames += takeFrames;
            input = input[(takeFrames * 2)..];
        }
    }

    private int Drain(Span<float> output)
    {
        // The loop state lives in locals so the JIT can keep it in registers; it is stored back once.
        var next = _nextFrame;
        var phase = _phase;
        var filled = _filledFrames;
        int up = _up, down = _down, taps = _taps;
        var count = filled > next ? GetOutputFrameCount(0) : 0;
        if (output.Length < count * 2)
        {
            throw new ArgumentException("The output is too short for the buffered input.", nameof(output));
        }

        ref var leftHistory = ref MemoryMarshal.GetArrayDataReference(_history);
        ref var rightHistory = ref Unsafe.Add(ref leftHistory, _historyCapacityFrames);
        ref var branches = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_branches), _branchesOffset);
        ref var destination = ref MemoryMarshal.GetReference(output);
        for (var produced = 0; produced < count; produced++)
        {
            var oldest = next - taps + 1;
            ref var branch = ref Unsafe.Add(ref branches, phase * taps);
            ResamplerKernels.DotStereo(ref Unsafe.Add(ref leftHistory, oldest), ref Unsafe.Add(ref rightHistory, oldest), ref branch, taps, ref Unsafe.Add(ref destination, produced * 2));

            phase += down;
            while (phase >= up)
            {
                phase -= up;
                next++;
            }
        }

        _nextFrame = next;
        _phase = phase;
        return count;
    }

    private void DiscardConsumedHistory()
    {
        // Keep the taps - 1 frames before the next output's newest input; when downsampling skips ahead of
        // the buffered input, drop everything buffered and let the skip carry into the coming input.
        var discard = Math.Min(_nextFrame - (_taps - 1), _filledFrames);
        if (discard <= 0)
        {
            return;
        }

        var kept = _filledFrames - discard;
        _history.AsSpan(discard, kept).CopyTo(_history);
        _history.AsSpan(_historyCapacityFrames + discard, kept).CopyTo(_history.AsSpan(_historyCapacityFrames));
        _filledFrames -= discard;
        _nextFrame -= discard;
    }

    /// <summary>
    /// Copies the branch table into a pinned array at a 64-byte boundary: every branch is a multiple of 32
    /// bytes long, so no 256-bit coefficient load straddles a cache line, nor a 512-bit one when the taps
    /// are a multiple of 16 (160 at 44.1 to 48 kHz).
    /// </summary>
    private static unsafe (float[] Array, int Offset) AlignedCopy(float[] table)
    {
        const int alignment = 64;
        var aligned = GC.AllocateArray<float>(table.Length + (alignment / sizeof(float)), pinned: true);
        var address = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(aligned));
        var offset = (int)((alignment - (address % alignment)) % alignment) / sizeof(float);
        table.CopyTo(aligned.AsSpan(offset));
        return (aligned, offset);
    }

    private static int GreatestCommonDivisor(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
