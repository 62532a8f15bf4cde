namespace Orchestron.Streaming.Sandbox;

/// <summary>How a sandboxed Csound worker is launched and what it may use.</summary>
public sealed class CsoundSandboxOptions
{
    /// <summary>The worker's file name, looked for next to the application: a native executable (NativeAOT) for this machine.</summary>
    public const string WorkerFileName = "Orchestron.Csound.Worker";

    /// <summary>The bubblewrap executable.</summary>
    public string BwrapPath { get; set; } = "/usr/bin/bwrap";

    /// <summary>
    /// The worker executable; it alone of its directory is bound (read-only) into the sandbox. By default the first
    /// found of: <see cref="WorkerFileName"/> next to the application (the host's build and publish, or a build or
    /// publish for a runtime identifier), <c>runtimes/&lt;rid&gt;/native/</c> next to it (a portable build or publish of
    /// an application that references the Orchestron.Streaming package), and the application's native search
    /// directories; when none exists, the first of those, and launching a worker then fails naming every place looked at.
    /// In that folder, the build for the widest x86-64 level this CPU runs is taken when there is one
    /// (<see cref="WorkerFileName"/><c>.x86-64-v4</c> for AVX-512, <c>.x86-64-v3</c> for AVX2 and FMA, which an x64
    /// build and the package carry beside the portable one); the file name then says which build runs.
    /// </summary>
    public string WorkerPath { get; set; } = WorkerLocation.Find(WorkerLocation.Candidates());

    /// <summary>Where the shared audio regions are created: a memory file system.</summary>
    public string SharedMemoryDirectory { get; set; } = "/dev/shm";

    /// <summary>
    /// The user the sandbox runs as when the host runs as root (by default <c>nobody</c>); null to keep root's id.
    /// Root's id would exempt the sandbox from <see cref="Processes"/>: the kernel does not apply RLIMIT_NPROC to root.
    /// </summary>
    public int? SandboxUserId { get; set; } = 65534;

    /// <summary>The group the sandbox runs as when the host runs as root.</summary>
    public int SandboxGroupId { get; set; } = 65534;

    /// <summary>util-linux's <c>setpriv</c>, with which a root host drops to <see cref="SandboxUserId"/> before bubblewrap starts.</summary>
    public string SetprivPath { get; set; } = "/usr/bin/setpriv";

    /// <summary>The address space Csound may allocate beyond what the runtime reserved at start-up.</summary>
    public long AddressSpaceBytes { get; set; } = 1L << 30;

    /// <summary>The managed heap's hard limit in the worker (its own few objects; Csound allocates natively).</summary>
    public long ManagedHeapBytes { get; set; } = 256L << 20;

    /// <summary>Open files (RLIMIT_NOFILE).</summary>
    public int OpenFiles { get; set; } = 64;

    /// <summary>Tasks (processes and threads) of the worker's user (RLIMIT_NPROC): the runtime's threads and a few more.</summary>
    public int Processes { get; set; } = 48;

    /// <summary>
    /// The size of each of the worker's two writable memory file systems (<c>/tmp</c> and its home): what a CSD can
    /// store there. The root and <c>/dev</c> are read-only.
    /// </summary>
    public long TmpfsBytes { get; set; } = 32L << 20;

    /// <summary>
    /// Whether the sandbox gets a /proc of its own (with the kernel's symbol and key files masked). Where one cannot be
    /// mounted, as in a container whose runtime masks parts of its /proc, the sandbox has no /proc at all: the native
    /// worker and Csound run without it, and the worker then bounds its address space from a fixed allowance for the
    /// runtime's reservations instead of from its measured size.
    /// </summary>
    public bool MountProc { get; set; } = true;

    /// <summary>
    /// The memory a worker may hold: its resident memory and what it stored in its memory file systems, as the host
    /// measures them. A worker above it is killed with the reason.
    /// </summary>
    public long MemoryBudgetBytes { get; set; } = 256L << 20;

    /// <summary>The largest file the worker may write (in its private tmpfs).</summary>
    public long FileSizeBytes { get; set; } = 16L << 20;

    /// <summary>
    /// The CPU time a worker may use per second of audio it delivers, measured over <see cref="CpuWindow"/>; a
    /// worker above it is killed. 1.0 is one whole core.
    /// </summary>
    public double CpuSecondsPerAudioSecond { get; set; } = 0.9;

    /// <summary>The window over which CPU per second of audio is measured.</summary>
    public TimeSpan CpuWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the worker may take to answer a hello, compile or start.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the ring may go without new audio while the pacer wants some before the worker is killed.</summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a stop waits for the worker to exit before killing it.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Runs the worker without bubblewrap: for measuring the sandbox's own cost only, never for untrusted code.</summary>
    public bool Unsandboxed { get; set; }

    /// <summary>Whether the sandbox drops from root to <see cref="SandboxUserId"/>: only when this process is root.</summary>
    public bool DropsPrivileges => SandboxUserId is not null && Environment.IsPrivilegedProcess && !Unsandboxed;

    /// <summary>A copy.</summary>
    public CsoundSandboxOptions Clone() => (CsoundSandboxOptions)MemberwiseClone();
}
