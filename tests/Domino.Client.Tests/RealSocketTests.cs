using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Domino.Client.Tests;

/// <summary>
/// The start-run rule checked against the real transport on loopback: how SocketsHttpHandler reports a refused
/// connection and one dropped after the request was sent is what the rule depends on.
/// </summary>
public class RealSocketTests
{
    private static DominoClient Client(int port, CapturingLogger logger) => new(new DominoClientOptions
    {
        Host = $"http://127.0.0.1:{port}",
        ApiKey = TestClient.ApiKey,
        Environment = new DictionaryDominoEnvironment(new Dictionary<string, string?>()),
        Logger = logger,
        RequestTimeout = TimeSpan.FromSeconds(20),
        Retry = { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1) },
        Api = DominoApiMode.V1, // these servers speak the v1 API only
    });

    [Fact]
    public async Task StartRun_to_a_closed_port_is_retried_then_an_outage_error_because_nothing_was_sent()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var logger = new CapturingLogger();
        using var client = Client(port, logger);

        // A budget shorter than the first pause between tries: the first failed try (with its own retry) is the only one.
        var error = await Assert.ThrowsAsync<DominoOutageException>(
            () => client.GetProjectClient("alice/churn").StartRunAsync(new DominoStartRunRequest { Command = ["main.py"], MaxOutage = TimeSpan.FromMilliseconds(200) }));

        var refused = Assert.IsType<DominoConnectionException>(error.LastFailure);
        Assert.Contains("could not reach the server after 2 attempts", refused.Message);
        Assert.Contains("so no run was started", error.Message);
        Assert.Single(logger.Lines, l => l.Message.StartsWith("Retrying POST /v1/projects/alice/churn/runs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartRun_dropped_after_the_request_was_sent_is_not_resent()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var connections = 0;
        var received = new StringBuilder();
        var server = Task.Run(async () =>
        {
            while (true)
            {
                using var socket = await listener.AcceptSocketAsync();
                Interlocked.Increment(ref connections);
                var buffer = new byte[8192];
                while (!received.ToString().Contains("\"command\"", StringComparison.Ordinal))
                {
                    var read = await socket.ReceiveAsync(buffer, SocketFlags.None);
                    if (read == 0)
                    {
                        break;
                    }

                    received.Append(Encoding.UTF8.GetString(buffer, 0, read));
                }

                // The work is done, the answer is lost.
                socket.Close(0);
            }
        });
        var logger = new CapturingLogger();
        using var client = Client(port, logger);

        var error = await Assert.ThrowsAsync<DominoRunMayHaveStartedException>(
            () => client.GetProjectClient("alice/churn").StartRunAsync(new DominoStartRunRequest { Command = ["main.py"] }));

        Assert.Equal(1, Volatile.Read(ref connections));
        Assert.Contains("POST /v1/projects/alice/churn/runs", received.ToString());
        Assert.Contains("X-Domino-Api-Key: " + TestClient.ApiKey, received.ToString());
        Assert.Contains("may have started", error.Message);
        Assert.DoesNotContain(logger.Lines, l => l.Message.StartsWith("Retrying", StringComparison.Ordinal));
        listener.Stop();
        await Assert.ThrowsAnyAsync<Exception>(() => server);
    }
}
