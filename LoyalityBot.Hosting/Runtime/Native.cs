using System.Runtime.InteropServices;

namespace LoyalityBot.Hosting.Runtime;

/// <summary>The few POSIX calls .NET does not expose: signals and the effective user.</summary>
internal static partial class Native
{
    public const int SIGINT = 2;
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SysKill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint SysGetEuid();

    public static bool Signal(int pid, int signal) => SysKill(pid, signal) == 0;

    public static bool IsRoot => SysGetEuid() == 0;
}
