using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Orchestron.Streaming.Sandbox;

/// <summary>
/// The seccomp program a worker's sandbox runs under, in the style of Flatpak's: a classic BPF program (an array of
/// <c>struct sock_filter</c>) that bubblewrap loads with <c>--seccomp</c> just before it starts the worker.
/// </summary>
/// <remarks>
/// <para>
/// It first checks the architecture (a call made through another ABI, such as x32 or 32-bit compatibility, is
/// killed), then refuses with <c>EPERM</c> what a Csound performance never needs and an attacker wants: tracing
/// other processes, the kernel keyring, BPF, <c>userfaultfd</c>, performance counters, new namespaces (by
/// <c>unshare</c>, <c>setns</c> or namespace flags to <c>clone</c>), mounting, module and kexec loading, swapping,
/// rebooting, reading the kernel log, other processes' memory, file handles, io_uring, and pushing input into a
/// terminal (<c>TIOCSTI</c>, <c>TIOCLINUX</c>). <c>clone3</c> answers <c>ENOSYS</c>, as under Flatpak: its flags
/// sit in memory the filter cannot read, and the C library then falls back to <c>clone</c>, whose flags it can.
/// Everything else is allowed.
/// </para>
/// <para>Built for x86-64 and arm64, the two architectures the worker is published for.</para>
/// </remarks>
internal static class SeccompFilter
{
    private const uint AuditArchX8664 = 0xC000003E;
    private const uint AuditArchAarch64 = 0xC00000B7;

    private const uint ReturnAllow = 0x7FFF0000;
    private const uint ReturnKillProcess = 0x80000000;
    private const uint ReturnErrno = 0x00050000;
    private const uint Eperm = 1;
    private const uint Enosys = 38;

    // BPF opcodes: load word absolute, jump if equal / if any bit set (constant operand), return constant.
    private const ushort LoadWord = 0x20;
    private const ushort JumpEqual = 0x15;
    private const ushort JumpSet = 0x45;
    private const ushort Return = 0x06;

    // struct seccomp_data: int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6] (low halves first).
    private const uint NumberOffset = 0;
    private const uint ArchOffset = 4;
    private const uint FirstArgumentOffset = 16;
    private const uint SecondArgumentOffset = 24;

    private const uint NamespaceFlags = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000;
    private const uint TerminalInject = 0x5412;
    private const uint TerminalLinux = 0x541C;

    /// <summary>Syscalls refused with EPERM, by name (for messages and tests) and number on each architecture.</summary>
    internal static IReadOnlyList<(string Name, int X64, int Arm64)> Refused { get; } =
    [
        ("ptrace", 101, 117), ("process_vm_readv", 310, 270), ("process_vm_writev", 311, 271), ("kcmp", 312, 272),
        ("keyctl", 250, 219), ("add_key", 248, 217), ("request_key", 249, 218),
        ("bpf", 321, 280), ("userfaultfd", 323, 282), ("perf_event_open", 298, 241),
        ("unshare", 272, 97), ("setns", 308, 268),
        ("mount", 165, 40), ("umount2", 166, 39), ("pivot_root", 155, 41), ("chroot", 161, 51),
        ("open_tree", 428, 428), ("move_mount", 429, 429), ("fsopen", 430, 430), ("fsconfig", 431, 431),
        ("fsmount", 432, 432), ("fspick", 433, 433), ("mount_setattr", 442, 442),
        ("kexec_load", 246, 104), ("kexec_file_load", 320, 294), ("init_module", 175, 105), ("finit_module", 313, 273),
        ("delete_module", 176, 106), ("syslog", 103, 116), ("acct", 163, 89), ("quotactl", 179, 60),
        ("swapon", 167, 224), ("swapoff", 168, 225), ("reboot", 169, 142),
        ("name_to_handle_at", 303, 264), ("open_by_handle_at", 304, 265),
        ("io_uring_setup", 425, 425), ("io_uring_enter", 426, 426), ("io_uring_register", 427, 427),
    ];

    /// <summary>The program for the architecture this process runs on, as bytes bubblewrap reads.</summary>
    /// <exception cref="PlatformNotSupportedException">Neither x86-64 nor arm64.</exception>
    internal static byte[] Build() => Build(RuntimeInformation.ProcessArchitecture);

    /// <summary>The program for <paramref name="architecture"/>.</summary>
    internal static byte[] Build(Architecture architecture)
    {
        var (auditArch, clone, clone3, ioctl) = architecture switch
        {
            Architecture.X64 => (AuditArchX8664, 56u, 435u, 16u),
            Architecture.Arm64 => (AuditArchAarch64, 220u, 435u, 29u),
            _ => throw new PlatformNotSupportedException($"The worker's seccomp filter knows x64 and arm64, not {architecture}."),
        };

        var program = new List<(ushort Code, byte JumpTrue, byte JumpFalse, uint K)>
        {
            (LoadWord, 0, 0, ArchOffset),
            (JumpEqual, 1, 0, auditArch),
            (Return, 0, 0, ReturnKillProcess),
            (LoadWord, 0, 0, NumberOffset),
        };

        if (architecture == Architecture.X64)
        {
            // The x32 ABI shares the architecture word and sets bit 30 of the number.
            program.Add((JumpSet, 0, 1, 0x40000000));
            program.Add((Return, 0, 0, ReturnKillProcess));
        }

        foreach (var (_, x64, arm64) in Refused)
        {
            program.Add((JumpEqual, 0, 1, (uint)(architecture == Architecture.X64 ? x64 : arm64)));
            program.Add((Return, 0, 0, ReturnErrno | Eperm));
        }

        program.Add((JumpEqual, 0, 1, clone3));
        program.Add((Return, 0, 0, ReturnErrno | Enosys));

        // clone: refused when its flags (first argument) ask for any new namespace.
        program.Add((JumpEqual, 0, 4, clone));
        program.Add((LoadWord, 0, 0, FirstArgumentOffset));
        program.Add((JumpSet, 0, 1, NamespaceFlags));
        program.Add((Return, 0, 0, ReturnErrno | Eperm));
        program.Add((Return, 0, 0, ReturnAllow));

        // ioctl: refused for the two requests that inject input into a terminal.
        program.Add((JumpEqual, 0, 5, ioctl));
        program.Add((LoadWord, 0, 0, SecondArgumentOffset));
        program.Add((JumpEqual, 1, 0, TerminalInject));
        program.Add((JumpEqual, 0, 1, TerminalLinux));
        program.Add((Return, 0, 0, ReturnErrno | Eperm));
        program.Add((Return, 0, 0, ReturnAllow));

        program.Add((Return, 0, 0, ReturnAllow));

        var bytes = new byte[program.Count * 8];
        for (var i = 0; i < program.Count; i++)
        {
            var (code, jumpTrue, jumpFalse, k) = program[i];
            var slot = bytes.AsSpan(i * 8, 8);
            BinaryPrimitives.WriteUInt16LittleEndian(slot, code);
            slot[2] = jumpTrue;
            slot[3] = jumpFalse;
            BinaryPrimitives.WriteUInt32LittleEndian(slot[4..], k);
        }

        return bytes;
    }
}
