using Microsoft.Extensions.Logging;
using Orchestron.Csound.Tests.Support;

namespace Orchestron.Csound.Tests;

[Collection(SerialCollection.Name)]
public class MessageLoggingTests
{
    [Fact]
    public void Fragments_are_joined_into_whole_lines()
    {
        var logger = new TestLogger();
        using (var instance = Render.Headless(logger))
        {
            instance.CompileOrchestra(Render.SineOrchestra(48000, 32, 2));
            instance.ReadScore("i1 0 0.1");
            Render.ToEnd(instance);
        }

        // Csound prints "sr = 48000.0," and " kr = 1500.000," and " ksmps = 32" in separate calls.
        Assert.Contains(logger.Messages, line => line.Contains("sr = 48000.0, kr = 1500.000, ksmps = 32", StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Messages, line => line.Contains('\n'));
    }

    [Fact]
    public void Text_without_a_newline_is_logged_in_bounded_lines()
    {
        var logger = new TestLogger();
        var log = new CsoundMessageLog(logger);

        // A CSD that prints without ever writing a newline: 100 000 characters in small fragments.
        for (var i = 0; i < 10_000; i++)
        {
            log.Append("0123456789");
        }

        Assert.Equal(100_000 / CsoundMessageLog.MaxLineLength, logger.Messages.Count());
        Assert.All(logger.Messages, line => Assert.Equal(CsoundMessageLog.MaxLineLength, line.Length));
    }

    [Fact]
    public void Messages_still_arrive_after_a_reset()
    {
        var logger = new TestLogger();
        using var instance = Render.Headless(logger);
        instance.CompileOrchestra(Render.SineOrchestra(48000, 32, 2));
        instance.Start();
        instance.Reset();
        var countAfterReset = logger.Entries.Count;

        instance.CompileOrchestra(Render.SineOrchestra(44100, 100, 1));
        instance.Start();

        Assert.Contains(logger.Messages.Skip(countAfterReset), line => line.Contains("ksmps = 100", StringComparison.Ordinal));
    }

    [Fact]
    public void A_message_handler_receives_each_line_with_its_severity_and_no_logger_is_needed()
    {
        var lines = new List<(CsoundMessageSeverity Severity, string Line)>();
        var options = CsoundInstanceOptions.Headless();
        options.MessageHandler = (severity, line) => lines.Add((severity, line));
        using var instance = new CsoundInstance(options);

        Assert.Throws<CsoundCompileException>(() => instance.CompileOrchestra("instr 1\n  a1 nosuchopcode 1\nendin\n"));

        Assert.Contains(lines, entry => entry.Severity == CsoundMessageSeverity.Error && entry.Line.Contains("nosuchopcode", StringComparison.Ordinal));
        Assert.Contains(lines, entry => entry.Severity == CsoundMessageSeverity.Information);
        Assert.DoesNotContain(lines, entry => entry.Line.Contains('\n'));
    }

    [Fact]
    public void Error_lines_are_logged_as_errors()
    {
        var logger = new TestLogger();
        using var instance = Render.Headless(logger);
        Assert.Throws<CsoundCompileException>(() => instance.CompileOrchestra("instr 1\n out nosuchopcode(1)\nendin\n"));
        Assert.Contains(logger.Entries, entry => entry.Level == LogLevel.Error);
    }

    [Fact]
    public void Nothing_of_csound_reaches_standard_error()
    {
        var logger = new TestLogger();
        var written = StandardError.Capture(() =>
        {
            using var instance = Render.Headless(logger);
            Assert.Throws<CsoundCompileException>(() => instance.CompileOrchestra("instr 1\n out nosuchopcode(1)\nendin\n"));
            instance.Reset();
            instance.CompileOrchestra(Render.SineOrchestra(48000, 32, 2));
            instance.ReadScore("i1 0 0.2");
            Render.ToEnd(instance);
        });

        Assert.NotEmpty(logger.Entries);
        Assert.Equal(string.Empty, written);
    }
}
