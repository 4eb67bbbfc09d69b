// The local runtime drives POSIX processes, signals and /proc: it runs on Linux (CI, developers and Kubernetes nodes alike).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
