using System.Security.Cryptography;
using System.Text;

namespace Domino.Client.Tests.Hostile;

public static class Hostile
{
    public const string ApiKey = "HOSTILE-key-5ecret-9f8e7d6c5b4a";
    public const string RunId = "553af271e4b0364c0f717b24";
    public const string CommitId = "ce42f26a45d842e636102474eb227262714a4536";

    public static DominoClient Client(RawServer server, CapturingLogger? logger = null, Action<DominoClientOptions>? configure = null)
    {
        var options = new DominoClientOptions
        {
            Host = server.BaseAddress.ToString(),
            ApiKey = ApiKey,
            Environment = new DictionaryDominoEnvironment(new Dictionary<string, string?>()),
            Logger = logger ?? new CapturingLogger(),
            RequestTimeout = TimeSpan.FromSeconds(10),
            Retry = { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5), MaxRetryAfter = TimeSpan.FromMilliseconds(100) },
            Api = DominoApiMode.V1, // these servers speak the v1 API only
        };
        configure?.Invoke(options);
        return new DominoClient(options);
    }

    public static DominoProjectClient Project(DominoClient client) => client.GetProjectClient("alice/demo");

#pragma warning disable CA5350 // A content key like the server's, not security.
    public static string Key(byte[] content) => Convert.ToHexString(SHA1.HashData(content)).ToLowerInvariant();
#pragma warning restore CA5350

    public static string Key(string seed) => Key(Encoding.UTF8.GetBytes(seed));

    /// <summary>A run status object with the given status (and output commit once finished).</summary>
    public static string Run(string status, string? outputCommitId = null) =>
        $$"""{"id": "{{RunId}}", "status": "{{status}}", "outputCommitId": {{(outputCommitId is null ? "null" : $"\"{outputCommitId}\"")}}, "title": "t"}""";

    /// <summary>Every escaping failure is a DominoException (or a caller's cancel) that says something and never holds the key.</summary>
    public static T AssertUsable<T>(Exception? error)
        where T : Exception
    {
        Assert.NotNull(error);
        Assert.True(error is DominoException or OperationCanceledException, $"a {error.GetType().Name} escaped: {error}");
        Assert.IsAssignableFrom<T>(error);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.DoesNotContain(ApiKey, error.ToString(), StringComparison.Ordinal);
        return (T)error;
    }

    public static void AssertNoKeyIn(CapturingLogger logger) =>
        Assert.DoesNotContain(logger.Lines, l => l.Message.Contains(ApiKey, StringComparison.Ordinal));

    public static async Task<Exception?> Catch(Func<Task> action, TimeSpan? bound = null)
    {
        try
        {
            await action().WaitAsync(bound ?? TimeSpan.FromSeconds(30));
            return null;
        }
        catch (TimeoutException ex) when (ex.Message.Contains("operation has timed out", StringComparison.Ordinal))
        {
            throw new Xunit.Sdk.XunitException("the call hung: it did not end within the test's bound");
        }
        catch (Exception ex)
        {
            return ex;
        }
    }
}
