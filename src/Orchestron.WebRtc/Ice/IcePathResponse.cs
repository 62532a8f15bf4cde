namespace Orchestron.WebRtc.Ice;

/// <summary>What an answer to one of our Binding requests did.</summary>
internal enum IcePathResponse
{
    /// <summary>Not an authentic answer to a request of ours from where it went: nothing changes.</summary>
    Ignored,

    /// <summary>The probed path answered: media may go there now.</summary>
    PathConfirmed,
}
