using System.Globalization;
using LoyalityBot.Hosting.ApplicationModel;

namespace LoyalityBot.Hosting.Runtime.Runners;

/// <summary>
/// Hot standbys: each is cloned once from the primary with <c>pg_basebackup -R</c>, then streams from it.
/// The primary's address is passed on every start (it may have moved to another port), with the password
/// in a passfile rather than on the command line.
/// </summary>
internal sealed class PostgresReplicasRunner(PostgresReplicasResource replicas, RuntimeServices services) : ResourceRunner(replicas, services)
{
    private PostgresPrograms _programs = null!;

    public override string Type => "PostgreSQL replicas";

    public override void CheckPrerequisites() => _programs = PostgresPrograms.Find(Services.Binaries);

    protected override async Task PrepareAndStartAsync(CancellationToken cancellationToken)
    {
        var primary = replicas.Primary;
        var primaryPort = primary.PrimaryEndpoint.Annotation.AllocatedEndpoint!.Port;
        var passFile = Services.State.DataDirectory(replicas.Name) + ".pgpass";
        await PostgresPrograms.WriteOwnedSecretFileAsync(passFile,
            string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{primaryPort}:*:{primary.UserName}:{primary.PasswordParameter.Value}\n"),
            cancellationToken);

        for (var i = 0; i < replicas.Count; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"{replicas.Name}-{i}");
            var dataDirectory = Services.State.DataDirectory(name);
            if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
            {
                await CloneAsync(dataDirectory, primaryPort, passFile, cancellationToken);
            }
            var port = new EndpointReference(replicas, PostgresReplicasResource.EndpointNameOf(i)).Annotation.AllocatedEndpoint!.Port;
            var primaryConnection = $"host=127.0.0.1 port={primaryPort} user={primary.UserName} passfile={passFile} application_name={name}";
            AddReplica(name, () => _programs.Server(dataDirectory, port, $"primary_conninfo={primaryConnection}", "hot_standby=on"),
                endpoint: $"tcp://127.0.0.1:{port}").Start();
        }
    }

    private async Task CloneAsync(string dataDirectory, int primaryPort, string passFile, CancellationToken cancellationToken)
    {
        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true); // a clone that did not finish
        }
        PostgresPrograms.CreateOwnedDirectory(dataDirectory);
        await RuntimeServices.ChownAsync(dataDirectory, PostgresServerRunner.SystemUser);
        await RunToCompletionAsync(_programs.Command("pg_basebackup",
            ["-h", "127.0.0.1", "-p", primaryPort.ToString(CultureInfo.InvariantCulture), "-U", replicas.Primary.UserName,
             // --no-sync as for initdb (a machine crash right after cloning is the only risk; the primary has it all).
             "-D", dataDirectory, "-R", "-X", "stream", "-c", "fast", "--no-password", "--no-sync"],
            new Dictionary<string, string> { ["PGPASSFILE"] = passFile }), cancellationToken);
    }

    public override async Task<HealthStatus> CheckHealthAsync(CancellationToken cancellationToken)
    {
        var primary = replicas.Primary;
        var results = await Task.WhenAll(replicas.Endpoints.Select((endpoint, i) =>
        {
            var allocated = endpoint.Annotation.AllocatedEndpoint!;
            var connectionString = $"Host={allocated.Host};Port={allocated.Port};Username={primary.UserName};Password={primary.PasswordParameter.Value}";
            return PostgresPrograms.CheckAsync(connectionString, expectStandby: true, cancellationToken);
        }));
        for (var i = 0; i < results.Length && i < Replicas.Count; i++)
        {
            Replicas[i].Health = results[i];
        }
        return results.All(r => r == HealthStatus.Healthy) ? HealthStatus.Healthy : HealthStatus.Unhealthy;
    }
}
