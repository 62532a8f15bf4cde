namespace Orchestron.WebRtc.Tests.Sdp;

/// <summary>Reads the captured offers in TestData, found by walking up from the test binaries to the project folder.</summary>
internal static class TestOffers
{
    public const string Chromium = "chromium-audio-recvonly.sdp";
    public const string ChromiumWithVideoAndData = "chromium-audio-video-data.sdp";
    public const string Aiortc = "aiortc-audio-recvonly.sdp";
    public const string AiortcWithData = "aiortc-audio-data.sdp";
    public const string Firefox = "firefox-audio-recvonly.sdp";

    public static readonly string[] All = [Chromium, ChromiumWithVideoAndData, Aiortc, AiortcWithData, Firefox];

    private static readonly Lazy<string> Folder = new(FindFolder);

    public static string Load(string name) => File.ReadAllText(Path.Combine(Folder.Value, name));

    private static string FindFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "Orchestron.WebRtc.Tests", "TestData");
            if (File.Exists(Path.Combine(candidate, Chromium)))
            {
                return candidate;
            }

            candidate = Path.Combine(directory.FullName, "TestData");
            if (File.Exists(Path.Combine(candidate, Chromium)))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"TestData with {Chromium} not found above {AppContext.BaseDirectory}.");
    }
}
