// The real servers the health tests use (PostgreSQL, Redis, RabbitMQ) run through the Linux-only harness.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
