using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Orchestron.WebRtc.Tests.Dtls;

/// <summary>
/// Runs the openssl command-line tool (s_client or s_server) as a real DTLS peer, with its own self-signed P-256
/// certificate in a temporary folder, stdin kept open and stdout collected.
/// </summary>
internal sealed class OpenSslCliProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _folder;

    private OpenSslCliProcess(string folder, byte[] certificateDer, string arguments)
    {
        _folder = folder;
        CertificateDer = certificateDer;
        var start = new ProcessStartInfo("openssl", arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The peer's certificate, to derive the fingerprint our session must expect.</summary>
    public byte[] CertificateDer { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts openssl with <paramref name="arguments"/>; "-cert cert.pem -key key.pem" are appended.</summary>
    public static OpenSslCliProcess Start(string arguments)
    {
        var folder = Directory.CreateTempSubdirectory("orchestron-dtls-").FullName;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=openssl-peer", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
        File.WriteAllText(Path.Combine(folder, "cert.pem"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "key.pem"), key.ExportPkcs8PrivateKeyPem());
        return new OpenSslCliProcess(folder, certificate.RawData, arguments + " -cert cert.pem -key key.pem");
    }

    /// <summary>Waits until the output contains <paramref name="text"/>; false on timeout or exit without it.</summary>
    public bool WaitForOutput(string text, TimeSpan timeout) =>
        SpinWait.SpinUntil(() => Output.Contains(text, StringComparison.Ordinal) || (_process.HasExited && !Output.Contains(text, StringComparison.Ordinal) && ExitedLongAgo()), timeout)
        && Output.Contains(text, StringComparison.Ordinal);

    /// <summary>The hex after "Keying material: " that -keymatexport prints.</summary>
    public byte[] KeyingMaterial()
    {
        const string marker = "Keying material: ";
        var output = Output;
        var start = output.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(start >= 0, "openssl printed no keying material:\n" + output);
        var end = output.IndexOf('\n', start);
        return Convert.FromHexString(output[(start + marker.Length)..(end < 0 ? output.Length : end)].Trim());
    }

    /// <summary>Types <paramref name="line"/> into openssl's console, e.g. "r" to renegotiate.</summary>
    public void WriteInput(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>Closes stdin, which makes s_client send close_notify and exit.</summary>
    public void CloseInput() => _process.StandardInput.Close();

    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return false;
        }

        // Only the overload without a timeout waits for the redirected output to be read to its end.
        _process.WaitForExit();
        return true;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private bool ExitedLongAgo() => _process.HasExited && (DateTime.Now - _process.ExitTime) > TimeSpan.FromSeconds(2);

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
