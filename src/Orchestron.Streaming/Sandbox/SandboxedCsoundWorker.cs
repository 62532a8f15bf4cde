using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestron.Csound;
using Orchestron.Streaming.Audio;

namespace Orchestron.Streaming.Sandbox;

/// <summary>
/// One Csound worker process (normally inside bubblewrap) and its shared audio region: compile, start, play and
/// stop it over the control pipe; read its audio from <see cref="Queue"/>.
/// </summary>
/// <remarks>
/// <para>
/// The worker is trusted with nothing: a message it sends that is malformed, too long or out of turn kills it, as
/// does a request it does not answer within <see cref="CsoundSandboxOptions.RequestTimeout"/>. Whatever ends it,
/// <see cref="Exited"/> completes with the reason.
/// </para>
/// <para>
/// Requests (hello, compile, start) are one at a time; MIDI, channels, score lines and panic are sent without an
/// answer and may come from any thread.
/// </para>
/// </remarks>
public sealed partial class SandboxedCsoundWorker : IAsyncDisposable
{
    private const int MaxKeptLines = 200;
    private const int MaxQueuedMessages = 1024;

    private readonly CsoundSandboxOptions _options;
    private readonly Process _process;
    private readonly SharedAudioRegion _region;
    private readonly string _regionPath;
    private readonly string _seccompPath;
    private readonly ILogger _logger;
    // Messages to the worker wait here for the writer thread, so that a worker that stops reading its pipe can
    // hold no caller: when the queue is full, a message is refused instead.
    private readonly System.Collections.Concurrent.BlockingCollection<byte[]> _outgoing = new(MaxQueuedMessages);
    private readonly SemaphoreSlim _requests = new(1, 1);
    private readonly Queue<string> _recentLines = new();
    private readonly TaskCompletionSource<string> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<CsoundPerformanceResult> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource<(WorkerMessageType Type, byte[] Payload)>? _reply;
    private string? _killReason;
    private Task _errorsRead = Task.CompletedTask;
    private int _disposed;

    private SandboxedCsoundWorker(CsoundSandboxOptions options, StreamingAudioOptions audio, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _regionPath = Path.Combine(options.SharedMemoryDirectory, "orchestron-" + RandomNumberGenerator.GetHexString(16, lowercase: true));
        _region = SharedAudioQueue.CreateRegion(_regionPath, audio);
        if (options.DropsPrivileges && Interop.Libc.Chown(_regionPath, options.SandboxUserId!.Value, options.SandboxGroupId) != 0)
        {
            _region.Dispose();
            File.Delete(_regionPath);
            throw new IOException($"Could not hand the shared audio file to the sandbox's user (errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}).");
        }

        Queue = SharedAudioQueue.CreateConsumerQueue(_region, new StreamingAudioMetrics());
        _seccompPath = _regionPath + ".seccomp";
        if (!options.Unsandboxed)
        {
            var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var filter = new FileStream(_seccompPath, fileOptions);
            filter.Write(SeccompFilter.Build());
        }

        var command = BwrapCommand.Build(options, _regionPath, _seccompPath);
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
    }

    /// <summary>The queue the worker renders into, as the host reads it: give it to a <see cref="QueueAudioTrack"/>.</summary>
    public AudioFrameQueue Queue { get; }

    /// <summary>The shared region under <see cref="Queue"/>.</summary>
    internal SharedAudioRegion Region => _region;

    /// <summary>The process the host started (bubblewrap, or the worker when unsandboxed).</summary>
    public int ProcessId => _process.Id;

    /// <summary>Completes when the worker process has gone, with why: its exit status, a signal, or the reason it was killed.</summary>
    public Task<string> Exited => _exited.Task;

    /// <summary>Completes when the worker reports that its performance ended, or fails when the worker goes first.</summary>
    public Task<CsoundPerformanceResult> PerformanceEnded => _ended.Task;

    /// <summary>The last lines Csound printed in the worker and anything it wrote to stderr.</summary>
    public IReadOnlyList<string> RecentLines
    {
        get
        {
            lock (_recentLines)
            {
                return [.. _recentLines];
            }
        }
    }

    /// <summary>Starts a worker and exchanges hellos with it; the shared file is unlinked as soon as both sides have it mapped.</summary>
    /// <param name="options">Paths, limits and timeouts; copied.</param>
    /// <param name="audio">The queue settings of the shared ring.</param>
    /// <param name="logger">Where the worker's Csound lines and failures go.</param>
    /// <param name="cancellationToken">Abandons the launch (the worker is killed).</param>
    public static async Task<SandboxedCsoundWorker> LaunchAsync(
        CsoundSandboxOptions options, StreamingAudioOptions audio, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(audio);
        if (!options.Unsandboxed && SandboxPreflight.Problem(options) is { } problem)
        {
            // Said before anything starts: a worker that cannot run here must not look like a sandbox that failed.
            throw new InvalidOperationException(problem);
        }

        var worker = new SandboxedCsoundWorker(options.Clone(), audio, logger ?? NullLogger.Instance);
        try
        {
            await worker.StartProcessAsync().ConfigureAwait(false);
            var hello = await worker.RequestAsync(
                WorkerMessageType.Hello,
                new WorkerPayloadWriter().Int(WorkerProtocol.Version).String(options.Unsandboxed ? worker._regionPath : BwrapCommand.SandboxRegionPath),
                cancellationToken).ConfigureAwait(false);
            worker.Expect(hello, WorkerMessageType.Hello);
            var reader = new WorkerPayloadReader(hello.Payload);
            var version = reader.Int();
            _ = reader.Int();
            reader.End();
            if (version != WorkerProtocol.Version)
            {
                throw worker.Violation($"The worker speaks protocol version {version}; the host speaks {WorkerProtocol.Version}.");
            }

            File.Delete(worker._regionPath);
            File.Delete(worker._seccompPath);
            return worker;
        }
        catch
        {
            await worker.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Compiles CSD text in the worker.</summary>
    /// <param name="csd">The CSD.</param>
    /// <param name="csoundOptions">Extra Csound options (e.g. <c>--sample-rate=48000</c>); the worker always runs headless with host MIDI.</param>
    /// <param name="cancellationToken">Abandons the wait (the worker is killed).</param>
    /// <exception cref="CsoundCompileException">Csound could not compile it; carries Csound's messages.</exception>
    public async Task CompileAsync(string csd, IReadOnlyList<string> csoundOptions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(csd);
        ArgumentNullException.ThrowIfNull(csoundOptions);
        var payload = new WorkerPayloadWriter().String(csd).Int(csoundOptions.Count);
        foreach (var option in csoundOptions)
        {
            payload.String(option);
        }

        var reply = await RequestAsync(WorkerMessageType.Compile, payload, cancellationToken).ConfigureAwait(false);
        if (reply.Type == WorkerMessageType.CompileOk)
        {
            new WorkerPayloadReader(reply.Payload).End();
            return;
        }

        Expect(reply, WorkerMessageType.CompileError);
        var reader = new WorkerPayloadReader(reply.Payload);
        var message = reader.String();
        var count = reader.Int();
        if (count is < 0 or > 64)
        {
            throw Violation($"A compile error carries {count} lines.");
        }

        var lines = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            lines.Add(reader.String());
        }

        reader.End();
        throw new CsoundCompileException(message, lines);
    }

    /// <summary>Starts the performance; the worker then renders into the ring while it holds less than its lead.</summary>
    /// <param name="cancellationToken">Abandons the wait (the worker is killed).</param>
    /// <returns>Csound's sample rate, control period and output channels.</returns>
    /// <exception cref="CsoundException">The worker could not start Csound.</exception>
    public async Task<(double SampleRate, int Ksmps, int Channels)> StartAsync(CancellationToken cancellationToken = default)
    {
        var reply = await RequestAsync(WorkerMessageType.Start, null, cancellationToken).ConfigureAwait(false);
        var reader = new WorkerPayloadReader(reply.Payload);
        if (reply.Type == WorkerMessageType.Error)
        {
            var message = reader.String();
            reader.End();
            throw new CsoundException(message);
        }

        Expect(reply, WorkerMessageType.Started);
        var format = (reader.Double(), reader.Int(), reader.Int());
        reader.End();
        if (LauncherThread.LaunchesLowered)
        {
            // The worker's render thread exists once it has started; it alone runs above the launch niceness.
            WorkerPriority.RaiseRenderThread(FindWorkerProcessId());
        }

        return format;
    }

    /// <summary>Queues a MIDI message for the worker, to sound <paramref name="delay"/> after it arrives there.</summary>
    /// <returns>False when too many messages wait for the worker already.</returns>
    /// <exception cref="InvalidOperationException">The worker has exited.</exception>
    public bool TrySendMidi(byte status, byte data1, byte data2, TimeSpan delay = default) =>
        TrySend(WorkerMessageType.Midi, new WorkerPayloadWriter().Byte(status).Byte(data1).Byte(data2).Double(delay.TotalSeconds));

    /// <summary>Sets a control channel in the worker.</summary>
    /// <exception cref="InvalidOperationException">The worker has exited, or too many messages wait for it.</exception>
    public void SetControlChannel(string name, double value) =>
        Send(WorkerMessageType.SetChannel, new WorkerPayloadWriter().String(name).Double(value));

    /// <summary>Sends a score line (e.g. <c>i1 0 1</c>) to the worker.</summary>
    /// <exception cref="InvalidOperationException">The worker has exited, or too many messages wait for it.</exception>
    public void InputMessage(string line) => Send(WorkerMessageType.ScoreEvent, new WorkerPayloadWriter().String(line));

    /// <summary>Turns every sounding note off in the worker.</summary>
    /// <exception cref="InvalidOperationException">The worker has exited, or too many messages wait for it.</exception>
    public void Panic() => Send(WorkerMessageType.Panic, null);

    /// <summary>
    /// Stops the worker: a stop message, then SIGKILL if it has not exited within <see cref="CsoundSandboxOptions.StopTimeout"/>.
    /// Never waits longer than that timeout (and the kill).
    /// </summary>
    /// <returns>True when the worker exited by itself in time.</returns>
    public async Task<bool> StopAsync()
    {
        if (_exited.Task.IsCompleted)
        {
            return true;
        }

        try
        {
            Send(WorkerMessageType.Stop, null);
        }
        catch (InvalidOperationException)
        {
            // The pipe is already closed: the worker is on its way out.
        }

        _region.WakeProducer();
        try
        {
            await _exited.Task.WaitAsync(_options.StopTimeout).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            Kill($"it did not exit within {_options.StopTimeout.TotalMilliseconds:0} ms of the stop");
            return false;
        }
    }

    /// <summary>Kills the worker (after a stop if it is still running) and releases the shared region.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (HasStarted())
        {
            await StopAsync().ConfigureAwait(false);
        }

        _exited.TrySetResult("disposed");
        _outgoing.CompleteAdding();
        _ended.TrySetException(new InvalidOperationException("The worker was disposed."));
        _process.Dispose();
        File.Delete(_regionPath);
        File.Delete(_seccompPath);
        Queue.Metrics.Dispose();
        Queue.Dispose();
        _region.Dispose();
        _requests.Dispose();
    }

    private async Task<(WorkerMessageType Type, byte[] Payload)> RequestAsync(
        WorkerMessageType type, WorkerPayloadWriter? payload, CancellationToken cancellationToken)
    {
        await _requests.WaitAsync(cancellationToken).ConfigureAwait(false);
        var reply = new TaskCompletionSource<(WorkerMessageType, byte[])>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _reply, reply);
        try
        {
            try
            {
                Send(type, payload);
            }
            catch (InvalidOperationException) when (_exited.Task.IsCompleted)
            {
                throw new InvalidOperationException(await ExitedBeforeAnsweringAsync().ConfigureAwait(false));
            }

            var answered = await Task.WhenAny(reply.Task, _exited.Task).WaitAsync(_options.RequestTimeout, cancellationToken).ConfigureAwait(false);
            if (answered != reply.Task)
            {
                throw new InvalidOperationException(await ExitedBeforeAnsweringAsync().ConfigureAwait(false));
            }

            return await reply.Task.ConfigureAwait(false);
        }
        catch (Exception error) when (error is TimeoutException or OperationCanceledException)
        {
            Kill(error is TimeoutException ? $"it did not answer a {type} within {_options.RequestTimeout.TotalMilliseconds:0} ms" : "its launch was cancelled");
            throw;
        }
        finally
        {
            Volatile.Write(ref _reply, null);
            _requests.Release();
        }
    }

    private void Expect((WorkerMessageType Type, byte[] Payload) reply, WorkerMessageType expected)
    {
        if (reply.Type != expected)
        {
            throw Violation($"The worker answered with {reply.Type} where {expected} was due.");
        }
    }

    private InvalidDataException Violation(string message)
    {
        Kill("it broke the control protocol: " + message);
        return new InvalidDataException(message);
    }
}
