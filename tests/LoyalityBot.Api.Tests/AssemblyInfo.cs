// The real servers the integration tests use (PostgreSQL and its replica) run through the Linux-only harness.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
