namespace Orchestron.WebRtc.Stun;

/// <summary>A STUN server refused a Binding request, answered it with something unusable, or did not answer.</summary>
public sealed class StunBindingException : Exception
{
    /// <summary>Creates the exception with a message that names the server and what went wrong.</summary>
    public StunBindingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error behind it.</summary>
    public StunBindingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public StunBindingException()
        : base("A STUN Binding request failed.")
    {
    }
}
