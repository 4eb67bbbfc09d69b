namespace LoyalityBot.Hosting;

/// <summary>
/// The AppHost's own arguments: <c>--publisher NAME --output-path PATH</c> (as Aspire), the <c>check</c> verb and
/// <c>--fresh</c>. Everything else is configuration (<c>--Dashboard:Port=18888</c>).
/// </summary>
internal sealed record AppHostCommandLine(string? Publisher, string? OutputPath, bool Check, bool Fresh, string[] ConfigurationArgs)
{
    public static AppHostCommandLine Parse(IReadOnlyList<string> args)
    {
        string? publisher = null, outputPath = null;
        bool check = false, fresh = false;
        var rest = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--publisher":
                    publisher = Value(args, ref i);
                    break;
                case "--output-path":
                    outputPath = Value(args, ref i);
                    break;
                case "check":
                    check = true;
                    break;
                case "--fresh":
                    fresh = true;
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }
        if (publisher is not null && outputPath is null)
        {
            throw new ArgumentException("--publisher needs --output-path <path>.");
        }
        return new AppHostCommandLine(publisher, outputPath, check, fresh, [.. rest]);
    }

    private static string Value(IReadOnlyList<string> args, ref int i) =>
        ++i < args.Count ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value.");
}
