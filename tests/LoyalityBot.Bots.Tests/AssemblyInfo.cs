// The real servers the tests use (Postgres, Redis) run through the Linux-only harness.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

// One stage (sandbox, load balancer, three replicas) for the conversation tests; the disruptive ones have their own.
[assembly: Xunit.AssemblyFixture(typeof(LoyalityBot.Bots.Tests.BotCluster))]
