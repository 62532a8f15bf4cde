using System.Runtime.InteropServices;

namespace Orchestron.Streaming.Audio;

/// <summary>
/// A 64-bit position alone on its cache line, so that two threads updating neighbouring positions do not
/// contend for one line. 128 bytes because adjacent-line prefetchers pull cache lines in pairs.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
internal struct PaddedPosition
{
    [FieldOffset(64)]
    public long Value;
}
