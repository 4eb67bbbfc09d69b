using System.Reflection;
using System.Runtime.InteropServices;
using LoyalityBot.Benchmarks;

var benchmarks = Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IBenchmark).IsAssignableFrom(t))
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .ToDictionary(b => b.Name, StringComparer.OrdinalIgnoreCase);

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var benchmark))
{
    Console.Error.WriteLine($"usage: ./build.sh bench <name>; names: {string.Join(", ", benchmarks.Keys.Order())}");
    return 2;
}

// Ctrl+C or SIGTERM cancels the run, which stops the servers it started on the way out. (Left to the runtime, a
// SIGTERM ran the exit handlers while the benchmark went on, and a later Ctrl+C was never delivered.)
using var cancellation = new CancellationTokenSource();
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    cancellation.Cancel();
}
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
try
{
    await benchmark.RunAsync(args[1..], cancellation.Token);
    return 0;
}
catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
{
    Console.Error.WriteLine($"{benchmark.Name}: cancelled; its servers are stopped.");
    return 130;
}
