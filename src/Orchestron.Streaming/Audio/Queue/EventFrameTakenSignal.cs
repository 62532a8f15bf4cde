namespace Orchestron.Streaming.Audio;

/// <summary>The in-process signal: an event the consumer sets and the producer resets before its second look.</summary>
internal sealed class EventFrameTakenSignal : FrameTakenSignal
{
    private readonly ManualResetEventSlim _frameTaken = new(false, spinCount: 0);

    internal override int Arm()
    {
        _frameTaken.Reset();
        return 0;
    }

    internal override bool Wait(int token, CancellationToken cancellationToken)
    {
        try
        {
            _frameTaken.Wait(cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    internal override void Signal() => _frameTaken.Set();

    public override void Dispose() => _frameTaken.Dispose();
}
