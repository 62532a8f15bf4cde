using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestron.Csound.DependencyInjection;
using Orchestron.Csound.Tests.Support;

namespace Orchestron.Csound.Tests.DependencyInjection;

public sealed class CsoundServiceCollectionTests
{
    [Fact]
    public void The_factory_compiles_a_csd_that_renders_sound_and_logs_through_the_applications_logging()
    {
        var logger = new TestLogger();
        using var provider = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(new SingleLoggerProvider(logger)))
            .AddOrchestronCsound()
            .BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        using var instance = provider.GetRequiredService<ICsoundInstanceFactory>()
            .CreateCompiled(CsoundDefaults.CreateDefaultInstrumentCsd(TimeSpan.FromSeconds(1)));
        instance.Start();
        var peak = 0.0;
        for (var block = 0; block < 1500 && !instance.PerformKsmps(); block++)
        {
            foreach (var sample in instance.Spout)
            {
                peak = Math.Max(peak, Math.Abs(sample));
            }
        }

        Assert.Contains("-n", instance.Arguments);
        Assert.True(peak > 0.01, $"peak {peak}");
        Assert.Contains(logger.Messages, line => line.Contains("ksmps", StringComparison.Ordinal));
    }

    [Fact]
    public void Configured_defaults_reach_every_instance_and_explicit_options_replace_them()
    {
        using var provider = new ServiceCollection()
            .AddOrchestronCsound(options => options.Instance.MessageLevel = 4)
            .AddOrchestronCsound(options => options.Instance.AdditionalOptions.Add("--sample-accurate"))
            .BuildServiceProvider();
        var factory = provider.GetRequiredService<ICsoundInstanceFactory>();

        using var configured = factory.Create();
        using var explicitly = factory.Create(new CsoundInstanceOptions { MessageLevel = 2 });

        Assert.Contains("-m4", configured.Arguments);
        Assert.Contains("--sample-accurate", configured.Arguments);
        Assert.Contains("-m2", explicitly.Arguments);
        Assert.DoesNotContain("--sample-accurate", explicitly.Arguments);
        Assert.Same(factory, provider.GetRequiredService<ICsoundInstanceFactory>());
        Assert.Single(provider.GetServices<IValidateOptions<CsoundOptions>>());
    }

    [Fact]
    public void Invalid_defaults_stop_start_up_with_a_message_naming_the_setting()
    {
        using var provider = new ServiceCollection()
            .AddOrchestronCsound(options => options.Instance.PanicInstrumentLimit = 0)
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("CsoundOptions.Instance", error.Message, StringComparison.Ordinal);
        Assert.Contains("PanicInstrumentLimit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_csd_that_does_not_compile_is_reported_with_csounds_reason()
    {
        using var provider = new ServiceCollection().AddOrchestronCsound().BuildServiceProvider();
        var factory = provider.GetRequiredService<ICsoundInstanceFactory>();
        const string broken = "<CsoundSynthesizer>\n<CsInstruments>\ninstr 1\na1 notanopcode 1\nendin\n</CsInstruments>\n<CsScore>\ni1 0 1\n</CsScore>\n</CsoundSynthesizer>\n";

        var error = Assert.Throws<CsoundCompileException>(() => factory.CreateCompiled(broken));

        Assert.Contains(error.CsoundMessages, line => line.Contains("notanopcode", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => factory.CreateCompiled(" "));
    }

    private sealed class SingleLoggerProvider(ILogger logger) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => logger;

        public void Dispose()
        {
        }
    }
}
