using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Domino.Client.Tests.Hostile;

/// <summary>A request as it reached the raw server: request line, headers as sent, body.</summary>
public sealed record RawRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers, string RawHead, byte[] Body)
{
    public string Path => Target.Split('?')[0];
}

/// <summary>
/// A bare HTTP/1.1 server on 127.0.0.1 that can answer anything: the handler writes raw bytes to the connection,
/// may stall, lie about lengths, send endless bodies. One request per connection. Records every request.
/// </summary>
public sealed class RawServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly ConcurrentBag<Task> _connections = [];
    private int _accepted;

    public RawServer(Func<RawRequest, RawConnection, Task> handler)
    {
        Handler = handler;
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    public Func<RawRequest, RawConnection, Task> Handler { get; set; }

    public Uri BaseAddress { get; }

    public ConcurrentQueue<RawRequest> Requests { get; } = new();

    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Stops when the test ends: cancels stalled handlers.</summary>
    public CancellationToken Stopping => _stop.Token;

    public int CountPath(string pathEnd) => Requests.Count(r => r.Path.EndsWith(pathEnd, StringComparison.Ordinal));

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            _connections.Add(Task.Run(() => ServeAsync(socket)));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using (socket)
        await using (var stream = new NetworkStream(socket, ownsSocket: false))
        {
            try
            {
                var request = await ReadRequestAsync(stream);
                if (request is null)
                {
                    return;
                }

                Requests.Enqueue(request);
                await Handler(request, new RawConnection(stream, socket, _stop.Token));
                await stream.FlushAsync();
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception)
            {
                // The client went away (as it should from a hostile server) or the test ended.
            }
        }
    }

    private async Task<RawRequest?> ReadRequestAsync(NetworkStream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (!(head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0)
            {
                return null;
            }

            head.Add(one[0]);
        }

        var text = Encoding.ASCII.GetString(head.ToArray());
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var parts = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        var body = Array.Empty<byte>();
        if (headers.TryGetValue("Content-Length", out var length) && int.Parse(length) > 0)
        {
            body = new byte[int.Parse(length)];
            await stream.ReadExactlyAsync(body, _stop.Token);
        }

        return new RawRequest(parts[0], parts[1], headers, text, body);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _accepting;
        await Task.WhenAll(_connections).WaitAsync(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }
}

/// <summary>The connection a handler answers on.</summary>
public sealed class RawConnection(NetworkStream stream, Socket socket, CancellationToken stopping)
{
    public NetworkStream Stream => stream;

    public CancellationToken Stopping => stopping;

    /// <summary>Bytes of body written so far (for the "never read it all" checks).</summary>
    public long BodyBytesWritten { get; private set; }

    public Task WriteHeadAsync(int status, string reason, params string[] headers)
    {
        var head = new StringBuilder($"HTTP/1.1 {status} {reason}\r\nConnection: close\r\n");
        foreach (var header in headers)
        {
            head.Append(header).Append("\r\n");
        }

        head.Append("\r\n");
        return stream.WriteAsync(Encoding.UTF8.GetBytes(head.ToString()), stopping).AsTask();
    }

    public async Task WriteBodyAsync(ReadOnlyMemory<byte> bytes)
    {
        await stream.WriteAsync(bytes, stopping);
        BodyBytesWritten += bytes.Length;
    }

    public async Task RespondAsync(int status, string body, string contentType = "application/json", params string[] headers)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        await WriteHeadAsync(status, ReasonOf(status), [$"Content-Type: {contentType}", $"Content-Length: {bytes.Length}", .. headers]);
        await WriteBodyAsync(bytes);
    }

    public Task RespondBytesAsync(byte[] body) =>
        WriteHeadAsync(200, "OK", "Content-Type: application/octet-stream", $"Content-Length: {body.Length}")
            .ContinueWith(_ => WriteBodyAsync(body), stopping).Unwrap();

    /// <summary>Writes <paramref name="chunk"/> over and over until the client closes or <paramref name="limit"/> bytes are sent.</summary>
    public async Task WriteRepeatedAsync(byte[] chunk, long limit)
    {
        while (BodyBytesWritten < limit)
        {
            await WriteBodyAsync(chunk);
        }
    }

    /// <summary>Never answers (until the test ends).</summary>
    public Task StallAsync() => Task.Delay(Timeout.Infinite, stopping);

    public void Abort() => socket.Close(0);

    private static string ReasonOf(int status) => status switch
    {
        200 => "OK",
        201 => "Created",
        302 => "Found",
        307 => "Temporary Redirect",
        404 => "Not Found",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    };
}
