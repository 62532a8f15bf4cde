using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orchestron.Csound.DependencyInjection;

/// <summary>The factory <c>AddOrchestronCsound</c> registers.</summary>
internal sealed class CsoundInstanceFactory(IOptions<CsoundOptions> options, ILoggerFactory loggerFactory) : ICsoundInstanceFactory
{
    private readonly ILogger _csoundLogger = loggerFactory.CreateLogger<CsoundInstance>();

    public CsoundInstance Create() => Create(options.Value.Instance);

    // An instance turns its options into arguments when it is made, so sharing one options object is safe.
    public CsoundInstance Create(CsoundInstanceOptions options) => new(options, _csoundLogger);

    public CsoundInstance CreateCompiled(string csdText)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(csdText);
        var instance = Create();
        try
        {
            instance.CompileCsdText(csdText);
            return instance;
        }
        catch
        {
            instance.Dispose();
            throw;
        }
    }
}
