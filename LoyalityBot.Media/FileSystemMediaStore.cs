namespace LoyalityBot.Media;

/// <summary>
/// <see cref="IMediaStore"/> on a directory: <c>objects/ab/&lt;hash&gt;.&lt;variant&gt;.jpg</c>, <c>staging/&lt;key&gt;</c>.
/// Every write goes to <c>tmp/</c> first and is renamed into place, so a reader (another replica, the API) sees a
/// whole file or none, and a crash leaves at most a stray temp file. Keys are validated before they become
/// paths (<see cref="MediaKey"/>, <see cref="StagingKey"/>), and each path is checked to stay under the root.
/// </summary>
public sealed class FileSystemMediaStore : IMediaStore
{
    private const int BufferSize = 81920;

    private readonly string _objects;
    private readonly string _staging;
    private readonly string _temp;
    private readonly long _maxStagedBytes;

    public FileSystemMediaStore(MediaStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.RootPath))
        {
            throw new InvalidOperationException($"{MediaStoreOptions.SectionName}:RootPath must name a directory.");
        }
        if (options.MaxStagedBytes <= 0)
        {
            throw new InvalidOperationException($"{MediaStoreOptions.SectionName}:MaxStagedBytes must be positive.");
        }
        var root = Path.GetFullPath(options.RootPath);
        _objects = Path.Combine(root, "objects");
        _staging = Path.Combine(root, "staging");
        _temp = Path.Combine(root, "tmp");
        _maxStagedBytes = options.MaxStagedBytes;
        Directory.CreateDirectory(_objects);
        Directory.CreateDirectory(_staging);
        Directory.CreateDirectory(_temp);
    }

    public async Task<bool> PutAsync(MediaKey key, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var path = ObjectPath(key);
        if (File.Exists(path))
        {
            return false;
        }
        var temp = await WriteTempAsync(content, long.MaxValue, cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            // No overwrite: the same hash is the same bytes, and a concurrent writer that won keeps its file.
            File.Move(temp, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp);
            return false;
        }
    }

    public Task<MediaObject?> GetAsync(MediaKey key, CancellationToken cancellationToken = default)
    {
        var stream = OpenRead(ObjectPath(key));
        return Task.FromResult(stream is null
            ? null
            : new MediaObject(stream, stream.Length, File.GetLastWriteTimeUtc(stream.Name)));
    }

    public Task<bool> ExistsAsync(MediaKey key, CancellationToken cancellationToken = default) =>
        Task.FromResult(File.Exists(ObjectPath(key)));

    public async Task<long> PutStagedAsync(string stagingKey, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var path = StagingPath(stagingKey);
        var temp = await WriteTempAsync(content, _maxStagedBytes, cancellationToken).ConfigureAwait(false);
        var length = new FileInfo(temp).Length;
        File.Move(temp, path, overwrite: true);
        return length;
    }

    public Task<Stream?> OpenStagedAsync(string stagingKey, CancellationToken cancellationToken = default) =>
        Task.FromResult<Stream?>(OpenRead(StagingPath(stagingKey)));

    public Task DeleteStagedAsync(string stagingKey, CancellationToken cancellationToken = default)
    {
        File.Delete(StagingPath(stagingKey));
        return Task.CompletedTask;
    }

    private string ObjectPath(MediaKey key) => UnderRoot(_objects, key.ObjectName);

    private string StagingPath(string stagingKey)
    {
        StagingKey.Validate(stagingKey);
        return UnderRoot(_staging, stagingKey);
    }

    // Defence in depth: the keys are validated already, but no path may leave its area whatever they hold.
    private static string UnderRoot(string area, string relative)
    {
        var path = Path.GetFullPath(Path.Combine(area, relative));
        if (!path.StartsWith(area + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException("The media key leads outside the store.", nameof(relative));
        }
        return path;
    }

    private static FileStream? OpenRead(string path)
    {
        try
        {
            // Delete sharing: a staged file may be removed while a reader still holds it.
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, useAsync: true);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private async Task<string> WriteTempAsync(Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(_temp, $"{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, useAsync: true))
            {
                var buffer = new byte[BufferSize];
                long total = 0;
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    total += read;
                    if (total > maxBytes)
                    {
                        throw new MediaTooLargeException(maxBytes);
                    }
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
                // Durable before the rename makes it visible: a power cut must not leave a named, empty image.
                file.Flush(flushToDisk: true);
            }
            return temp;
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
