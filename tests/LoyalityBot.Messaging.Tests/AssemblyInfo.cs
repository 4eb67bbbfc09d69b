// The real servers the integration tests use (PostgreSQL, RabbitMQ) run through the Linux-only harness.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
