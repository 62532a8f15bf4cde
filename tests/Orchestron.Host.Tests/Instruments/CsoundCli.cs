using System.Diagnostics;
using System.Globalization;

namespace Orchestron.Host.Tests.Instruments;

/// <summary>The outcome of rendering a CSD with the csound command-line program.</summary>
internal sealed record CsoundRender(int ExitCode, string Log, FloatWav? Audio);

/// <summary>
/// Renders CSD text to a float WAV file with Debian's <c>/usr/bin/csound</c>, playing a MIDI file into it
/// (<c>-F</c>) and stopping where that file ends (<c>-T</c>), because the library's scores run forever.
/// </summary>
internal static class CsoundCli
{
    public static CsoundRender Render(string csd, IEnumerable<Note> notes, double seconds, int sampleRate = 48000, int ksmps = 32)
    {
        var directory = Directory.CreateTempSubdirectory("orchestron-instrument-");
        try
        {
            var csdPath = Path.Combine(directory.FullName, "instrument.csd");
            var midiPath = Path.Combine(directory.FullName, "notes.mid");
            var wavPath = Path.Combine(directory.FullName, "out.wav");
            File.WriteAllText(csdPath, csd);
            File.WriteAllBytes(midiPath, MidiFileWriter.Write(notes, seconds));

            var start = new ProcessStartInfo("/usr/bin/csound")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = directory.FullName,
            };
            foreach (var argument in new[]
            {
                "-d", "-m0", "-W", "-f", "-o", wavPath, "-T", "-F", midiPath,
                "-r", sampleRate.ToString(CultureInfo.InvariantCulture),
                "-k", ksmps.ToString(CultureInfo.InvariantCulture), csdPath,
            })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            // A guard against a render that never ends (it would fill the disk), not a timing assertion.
            if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("csound did not finish rendering within three minutes");
            }

            var log = stdout.Result + stderr.Result;
            var audio = File.Exists(wavPath) ? FloatWav.Read(wavPath) : null;
            return new CsoundRender(process.ExitCode, log, audio);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
