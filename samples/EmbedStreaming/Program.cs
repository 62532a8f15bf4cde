// Streams a CSD to browsers: `dotnet run -- --Csd path/to/file.csd`, then open http://localhost:5000/.
using Microsoft.Extensions.Options;
using Orchestron.Csound;
using Orchestron.Csound.DependencyInjection;
using Orchestron.Streaming;
using Orchestron.Streaming.DependencyInjection;
using Orchestron.WebRtc;
using Orchestron.WebRtc.Sdp;
using Orchestron.WebRtc.Transport;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddOrchestronStreaming(options =>
{
    options.Audio.FrameMs = 10;
    options.Audio.QueueFramesMax = 4;
    options.Audio.QueueFramesTarget = 2;
    options.WebRtc.IncludeLoopbackCandidates = true; // a browser on this machine may use 127.0.0.1
});
var app = builder.Build();

// Without --Csd, the packages' own instrument plays until the application stops.
var csd = app.Configuration["Csd"] is { } path ? File.ReadAllText(path) : CsoundDefaults.CreateDefaultInstrumentCsd(duration: null);
using var csound = app.Services.GetRequiredService<ICsoundInstanceFactory>().CreateCompiled(csd);
await using var stream = CsoundWebRtcStream.Start(
    csound,
    app.Services.GetRequiredService<UdpMediaTransport>(),
    app.Services.GetRequiredService<IOptions<OrchestronStreamingOptions>>().Value.Audio,
    loggerFactory: app.Services.GetRequiredService<ILoggerFactory>());

app.UseDefaultFiles();
app.UseStaticFiles();
app.MapPost("/offer", (SessionDescription offer) =>
{
    try
    {
        return Results.Ok(new SessionDescription("answer", stream.AcceptOffer(offer.Sdp).Sdp));
    }
    catch (Exception error) when (error is SdpException or WebRtcNegotiationException)
    {
        return Results.Problem(error.Message, statusCode: StatusCodes.Status400BadRequest);
    }
});
app.MapGet("/stats", () => stream.AudioStatistics);

await app.RunAsync();

internal sealed record SessionDescription(string Type, string Sdp);
