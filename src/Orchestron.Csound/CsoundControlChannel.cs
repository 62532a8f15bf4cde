namespace Orchestron.Csound;

/// <summary>
/// A control channel whose native storage was looked up once, for reading and writing every control
/// period without a name lookup or an allocation.
/// </summary>
/// <remarks>
/// The handle stays valid until the instance is reset, cleaned up or disposed; after that
/// <see cref="Value"/> throws instead of touching freed memory. Reads and writes are single aligned
/// 8-byte accesses and so are safe from any thread while the instance performs.
/// </remarks>
public readonly unsafe struct CsoundControlChannel
{
    private readonly CsoundInstance? _owner;
    private readonly double* _value;
    private readonly int _generation;

    internal CsoundControlChannel(CsoundInstance owner, string name, double* value, int generation)
    {
        _owner = owner;
        Name = name;
        _value = value;
        _generation = generation;
    }

    /// <summary>The channel's name.</summary>
    public string Name { get; }

    /// <summary>The channel's current value.</summary>
    /// <exception cref="InvalidOperationException">The handle is default, or its instance was reset or cleaned up.</exception>
    /// <exception cref="ObjectDisposedException">The instance was disposed.</exception>
    public double Value
    {
        get => Owner().ReadChannel(_value, _generation, Name);
        set => Owner().WriteChannel(_value, _generation, Name, value);
    }

    private CsoundInstance Owner() =>
        _owner ?? throw new InvalidOperationException("This control channel handle was not obtained from CsoundInstance.GetControlChannelHandle.");
}
