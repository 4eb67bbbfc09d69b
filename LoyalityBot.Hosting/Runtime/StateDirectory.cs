using System.Security.Cryptography;
using System.Text.Json;
using LoyalityBot.Hosting.ApplicationModel;

namespace LoyalityBot.Hosting.Runtime;

/// <summary>
/// The AppHost's local state (<c>.loyalitybot/</c>, git-ignored): server data, generated passwords and
/// the ports they were given, and log files. It survives restarts, so data and URLs stay the same;
/// <c>--fresh</c> deletes it. One AppHost at a time holds it (<c>apphost.lock</c>): a second one would start its
/// own servers on the same data directories, node names and ports, and leave a broker running that nobody owns.
/// </summary>
public sealed class StateDirectory : IDisposable
{
    private const string LockFileName = "apphost.lock";
    private const string PidFileName = "apphost.pid";
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _secrets;
    private readonly Dictionary<string, int> _ports;
    private readonly FileStream _lock;

    private StateDirectory(string root, FileStream heldLock)
    {
        Root = root;
        _lock = heldLock;
        _secrets = Load<Dictionary<string, string>>(SecretsFile) ?? [];
        _ports = Load<Dictionary<string, int>>(PortsFile) ?? [];
    }

    public string Root { get; }

    private string SecretsFile => Path.Combine(Root, "secrets.json");

    private string PortsFile => Path.Combine(Root, "ports.json");

    public string RunDirectory => Path.Combine(Root, "run");

    public string DataDirectory(string resourceName) => Path.Combine(Root, "data", resourceName);

    public string LogFile(string resourceName) => Path.Combine(Root, "logs", resourceName + ".log");

    /// <summary>Opens and locks the state directory; <see cref="StateDirectoryInUseException"/> when another AppHost holds it.</summary>
    public static StateDirectory Open(string root, bool fresh)
    {
        Directory.CreateDirectory(root);
        var heldLock = Acquire(Path.Combine(root, LockFileName));
        if (fresh)
        {
            // Everything but the lock: this AppHost holds the directory from here on.
            foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos().Where(e => e.Name != LockFileName))
            {
                if (entry is DirectoryInfo directory)
                {
                    directory.Delete(recursive: true);
                }
                else
                {
                    entry.Delete();
                }
            }
        }
        // For the message a second AppHost prints (the lock file itself cannot be read while it is held).
        File.WriteAllText(Path.Combine(root, PidFileName), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Servers that run as their own users (postgres, rabbitmq) must be able to traverse it.
        File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return new StateDirectory(root, heldLock);
    }

    /// <summary>An exclusive lock on the file (flock on Linux), released when this process ends however it ends.</summary>
    private static FileStream Acquire(string path)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            var pidFile = Path.Combine(Path.GetDirectoryName(path)!, PidFileName);
            throw new StateDirectoryInUseException(Path.GetDirectoryName(path)!, File.Exists(pidFile) ? File.ReadAllText(pidFile).Trim() : "");
        }
    }

    public void Dispose() => _lock.Dispose();

    /// <summary>The parameter's stored value, or a new random one that is stored (mode 600) for next time.</summary>
    public string GetOrCreateSecret(string name, GenerateParameterDefault generate)
    {
        lock (_gate)
        {
            if (!_secrets.TryGetValue(name, out var value))
            {
                // Letters and digits only unless special characters are allowed, so values need no escaping.
                const string alphanumeric = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
                var alphabet = generate.Special ? alphanumeric + "-_.~" : alphanumeric;
                value = RandomNumberGenerator.GetString(alphabet, Math.Max(generate.MinLength, 22));
                _secrets[name] = value;
                Save(SecretsFile, _secrets, secret: true);
            }
            return value;
        }
    }

    /// <summary>The port this key had last time if it is still free, else a new free loopback port (<see cref="PortAllocator"/>).</summary>
    public int GetOrAllocatePort(string key)
    {
        lock (_gate)
        {
            if (_ports.TryGetValue(key, out var port) && PortAllocator.TryTake(port, Root))
            {
                return port;
            }
            port = PortAllocator.Allocate(Root);
            _ports[key] = port;
            Save(PortsFile, _ports, secret: false);
            return port;
        }
    }

    private static T? Load<T>(string path) => File.Exists(path) ? JsonSerializer.Deserialize<T>(File.ReadAllText(path)) : default;

    private static void Save<T>(string path, T value, bool secret)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(value, new JsonSerializerOptions { WriteIndented = true }));
        if (secret)
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        File.Move(temp, path, overwrite: true);
    }
}
