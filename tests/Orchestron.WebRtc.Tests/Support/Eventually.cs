namespace Orchestron.WebRtc.Tests.Support;

/// <summary>Waits for a condition that real network peers reach in their own time.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan timeout, Func<string> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting: " + describe());
            await Task.Delay(20);
        }
    }
}
