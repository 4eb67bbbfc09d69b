// The real servers the integration tests use (Redis) run through the Linux-only harness.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
