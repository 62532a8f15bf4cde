using Orchestron.Csound;
using Orchestron.Streaming.Audio;

namespace Orchestron.Streaming.Engine;

/// <summary>A Csound performer rendered on the pool: one control period per block, through a pipeline that never waits.</summary>
internal sealed class PerformerRenderJob : RenderJob, ICsoundPerformanceDriver
{
    private readonly CsoundPerformer _performer;
    private readonly SpoutPipeline _pipeline;

    internal PerformerRenderJob(CsoundPerformer performer, SpoutPipeline pipeline)
        : base(pipeline.Queue)
    {
        _performer = performer;
        _pipeline = pipeline;
        pipeline.DeferWrites();
    }

    internal CsoundPerformer Performer => _performer;

    /// <inheritdoc />
    public void RunRequested(CsoundPerformer performer) => RequestRun();

    internal override bool RenderBlock() => !_pipeline.TryFlushDeferred() || _performer.RunControlPeriod();

    internal override bool RunPendingWork() => _performer.RunPendingWork();

    internal override void Fail(string reason) => _performer.Fail(new SessionOverShareException(reason));

    internal override void Abandon()
    {
        _ = _performer.StopAsync();
        _performer.RunPendingWork();
    }
}
