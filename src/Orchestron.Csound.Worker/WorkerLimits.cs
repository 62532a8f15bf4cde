using System.Globalization;
using System.Runtime.InteropServices;

namespace Orchestron.Csound.Worker;

/// <summary>
/// The resource limits the worker puts on itself at start-up, before it reads a line of Csound code. Soft and hard
/// limits are set alike, so the code cannot raise them again.
/// </summary>
/// <remarks>
/// The process limit counts every task of the sandbox's user (threads too) in the worker's own user namespace, so
/// it caps this worker alone; <c>system</c> cannot fork past it. The address-space limit is added to what the
/// runtime has already reserved, so it bounds what Csound allocates from here on.
/// </remarks>
internal sealed record WorkerLimits(long AddressSpaceBytes, int OpenFiles, int Processes, long FileSizeBytes, int CpuSeconds)
{
    internal static WorkerLimits Parse(string[] args)
    {
        long addressSpace = 1L << 30;
        var openFiles = 64;
        var processes = 64;
        long fileSize = 16L << 20;
        var cpuSeconds = 0;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = long.Parse(args[i + 1], CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--address-space-bytes": addressSpace = value; break;
                case "--open-files": openFiles = checked((int)value); break;
                case "--processes": processes = checked((int)value); break;
                case "--file-size-bytes": fileSize = value; break;
                case "--cpu-seconds": cpuSeconds = checked((int)value); break;
                default: throw new ArgumentException($"Unknown worker option '{args[i]}'.");
            }
        }

        return new WorkerLimits(addressSpace, openFiles, processes, fileSize, cpuSeconds);
    }

    /// <summary>Applies the limits to this process; throws when the kernel refuses one.</summary>
    internal void Apply()
    {
        Set(Interop.Libc.ResourceCore, 0);
        Set(Interop.Libc.ResourceOpenFiles, (ulong)OpenFiles);
        Set(Interop.Libc.ResourceProcesses, (ulong)Processes);
        Set(Interop.Libc.ResourceFileSize, (ulong)FileSizeBytes);
        Set(Interop.Libc.ResourceAddressSpace, (ulong)(CurrentAddressSpaceBytes() + AddressSpaceBytes));
        if (CpuSeconds > 0)
        {
            Set(Interop.Libc.ResourceCpu, (ulong)CpuSeconds);
        }
    }

    private static unsafe void Set(int resource, ulong value)
    {
        var limit = new Interop.Libc.ResourceLimit { Current = value, Maximum = value };
        if (Interop.Libc.SetResourceLimit(resource, &limit) != 0)
        {
            throw new InvalidOperationException($"setrlimit({resource}, {value}) failed: errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    /// <summary>
    /// What the address space holds before Csound allocates, where the sandbox has no /proc to measure it: the native
    /// runtime's reservations under the worker's heap limit come to about 1.4 GiB (measured at start), so 2 GiB.
    /// </summary>
    private const long RuntimeReservationAllowanceBytes = 2L << 30;

    private static long CurrentAddressSpaceBytes()
    {
        if (!File.Exists("/proc/self/status"))
        {
            return RuntimeReservationAllowanceBytes;
        }

        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmSize:", StringComparison.Ordinal))
            {
                var kib = line["VmSize:".Length..].Trim().Split(' ')[0];
                return long.Parse(kib, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException("/proc/self/status has no VmSize line.");
    }
}
