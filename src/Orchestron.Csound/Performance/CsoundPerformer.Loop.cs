using Microsoft.Extensions.Logging;

namespace Orchestron.Csound;

/// <summary>The performance loop: each step runs posted work, renders a control period and hands its spout on, until the score ends, a stop, or a failure.</summary>
public sealed partial class CsoundPerformer
{
    private bool Drive(bool render)
    {
        if (Volatile.Read(ref _driver) is null)
        {
            throw new InvalidOperationException("The performer runs on its own thread; only a performer started with a driver is run step by step.");
        }

        if (Interlocked.Exchange(ref _stepping, 1) != 0)
        {
            throw new InvalidOperationException("Another thread is running this performer; a driver runs it from one thread at a time.");
        }

        try
        {
            return TryStep(render);
        }
        finally
        {
            Volatile.Write(ref _stepping, 0);
        }
    }

    private void Run()
    {
        while (TryStep(render: true))
        {
        }
    }

    /// <summary>
    /// One step of the performance on the calling thread: the first step begins it (starts the instance and the
    /// sink), every step runs the posted work and, when asked to, one control period. Returns false once the
    /// performance has ended (the result is then set).
    /// </summary>
    private bool TryStep(bool render)
    {
        if (_ended)
        {
            return false;
        }

        CsoundPerformanceResult? result;
        try
        {
            if (!_begun)
            {
                Begin();
            }

            result = Step(render);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            result = new CsoundPerformanceResult(CsoundPerformanceOutcome.Stopped, _framesPerformed, null, []);
        }
        catch (Exception exception)
        {
            result = Failed(_framesPerformed, exception);
        }

        if (result is null)
        {
            return true;
        }

        Finish(result);
        return false;
    }

    private void Begin()
    {
        _begun = true;

        // Holding a reference keeps the engine alive until the performance lets go, even if the instance is
        // disposed from another thread in the middle of a block.
        _instance.Handle.DangerousAddRef(ref _leased);
        if (!_instance.IsStarted)
        {
            _instance.Start();
        }

        _format = _instance.Format;
        _logger.LogInformation(
            "Csound performing in {Mode} mode: sr {SampleRate}, ksmps {Ksmps}, nchnls {Channels}",
            _options.Mode, _format.SampleRate, _format.Ksmps, _format.Channels);
        _sink?.OnStarted(_format);
    }

    private CsoundPerformanceResult? Step(bool render)
    {
        RunPosted();
        var token = _stop.Token;
        if (token.IsCancellationRequested)
        {
            return new CsoundPerformanceResult(CsoundPerformanceOutcome.Stopped, _framesPerformed, null, []);
        }

        if (!render)
        {
            return null;
        }

        var code = _instance.PerformKsmpsCode();
        if (code != 0)
        {
            return Ended(code, _framesPerformed);
        }

        Volatile.Write(ref _framesPerformed, _framesPerformed + _format.Ksmps);
        _sink?.OnSpout(_instance.Spout, token);
        return null;
    }

    private void Finish(CsoundPerformanceResult result)
    {
        _ended = true;
        if (_options.CleanupWhenDone)
        {
            CleanupQuietly();
        }

        if (_leased)
        {
            _leased = false;
            _instance.Handle.DangerousRelease();
        }

        _posted.Clear();
        LogResult(result);
        _completion.TrySetResult(result);
    }

    private CsoundPerformanceResult Ended(int code, long frames)
    {
        // Csound leaves csoundPerformKsmps through its exit jump with CSOUND_EXITJMP_SUCCESS plus the
        // exit status: anything but a zero status there is a fatal error.
        if (code >= Interop.Csound.ExitJumpSuccess && code != Interop.Csound.ExitJumpSuccess)
        {
            var messages = _instance.Messages.RecentErrors();
            return new CsoundPerformanceResult(
                CsoundPerformanceOutcome.Failed,
                frames,
                new CsoundException($"Csound stopped the performance with a fatal error (status {code - Interop.Csound.ExitJumpSuccess}).", messages),
                messages);
        }

        var outcome = _stop.IsCancellationRequested ? CsoundPerformanceOutcome.Stopped : CsoundPerformanceOutcome.ScoreEnded;
        return new CsoundPerformanceResult(outcome, frames, null, []);
    }

    private CsoundPerformanceResult Failed(long frames, Exception exception)
    {
        var messages = exception is CsoundException csoundException ? csoundException.CsoundMessages : [];
        return new CsoundPerformanceResult(CsoundPerformanceOutcome.Failed, frames, exception, messages);
    }

    private void RunPosted()
    {
        while (_posted.TryDequeue(out var action))
        {
            try
            {
                action(_instance);
            }
            catch (Exception exception)
            {
                _logger.LogError(exception, "Work posted to the Csound performer failed; the performance goes on.");
            }
        }
    }

    private void CleanupQuietly()
    {
        try
        {
            _instance.Cleanup();
        }
        catch (ObjectDisposedException)
        {
            // Disposed from another thread: destroying the engine cleans it up.
        }
        catch (Exception exception)
        {
            _logger.LogError(exception, "Cleaning up the Csound instance after the performance failed.");
        }
    }

    private void LogResult(CsoundPerformanceResult result)
    {
        if (result.Outcome == CsoundPerformanceOutcome.Failed)
        {
            _logger.LogError(result.Error, "Csound performance failed after {Frames} frames", result.FramesPerformed);
        }
        else
        {
            _logger.LogInformation("Csound performance ended ({Outcome}) after {Frames} frames", result.Outcome, result.FramesPerformed);
        }
    }
}
