using System.Runtime.InteropServices;

namespace KinesisFlow.Benchmarks;

/// <summary>
/// The calling thread's CPU time (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>, nanosecond resolution): what a round cost
/// the thread that ran it, without the time it waited for a core. On a shared machine other processes preempt a
/// round often enough that its wall time says more about the machine than about the code.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ThreadCpuTimeId = 3;

    /// <summary>Whether the clock can be read here (Linux only); elsewhere <see cref="Milliseconds"/> returns 0.</summary>
    public static bool IsAvailable { get; } = OperatingSystem.IsLinux();

    public static double Milliseconds()
    {
        if (!IsAvailable || ClockGetTime(ThreadCpuTimeId, out var time) != 0)
        {
            return 0;
        }

        return (time.Seconds * 1e3) + (time.Nanoseconds / 1e6);
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
