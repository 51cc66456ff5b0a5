using System.Net;

namespace Domino.Client.Tests;

public sealed class ConfigurationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("domino-config-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static DominoClientOptions Options(FakeHandler handler, Dictionary<string, string?>? environment = null, Action<DominoClientOptions>? configure = null)
    {
        var options = new DominoClientOptions
        {
            Environment = new DictionaryDominoEnvironment(environment ?? []),
            Transport = handler,
        };
        configure?.Invoke(options);
        return options;
    }

    private string TokenFile(string content)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void Explicit_host_wins_over_the_environment()
    {
        using var client = new DominoClient(Options(new FakeHandler(),
            new() { ["DOMINO_API_HOST"] = "https://env.example.com", ["DOMINO_USER_API_KEY"] = "k" },
            o => o.Host = "https://explicit.example.com"));

        Assert.Equal("https://explicit.example.com/", client.Host.AbsoluteUri);
    }

    [Fact]
    public void Host_comes_from_DOMINO_API_HOST_when_not_set()
    {
        using var client = new DominoClient(Options(new FakeHandler(),
            new() { ["DOMINO_API_HOST"] = " https://env.example.com/ ", ["DOMINO_USER_API_KEY"] = "k" }));

        Assert.Equal("https://env.example.com/", client.Host.AbsoluteUri);
    }

    [Theory]
    [InlineData("https://domino.example.com/some/path?x=1#frag", "https://domino.example.com/")]
    [InlineData("http://localhost:8080/", "http://localhost:8080/")]
    [InlineData("HTTPS://Domino.Example.com:443/x", "https://domino.example.com/")]
    [InlineData("https://domino.example.com:8443", "https://domino.example.com:8443/")]
    [InlineData("http://[::1]:9000/api", "http://[::1]:9000/")]
    public void Host_is_normalised_to_scheme_host_and_port(string host, string expected)
    {
        using var client = new DominoClient(Options(new FakeHandler(), configure: o => { o.Host = host; o.ApiKey = "k"; }));

        Assert.Equal(expected, client.Host.AbsoluteUri);
    }

    [Fact]
    public async Task Requests_go_to_the_normalised_host_whatever_path_it_was_given_with()
    {
        var handler = new FakeHandler().RespondJson("""{"version":"1"}""");
        using var client = new DominoClient(Options(handler, configure: o => { o.Host = "https://domino.example.com/ignored/path/"; o.ApiKey = "k"; }));

        await client.GetVersionAsync();

        Assert.Equal("https://domino.example.com/version", handler.Only.Uri.AbsoluteUri);
    }

    [Theory]
    [InlineData("domino.example.com")]
    [InlineData("localhost:8080")]
    [InlineData("ftp://domino.example.com")]
    [InlineData("/relative")]
    public void Host_without_an_http_scheme_is_refused_with_an_example(string host)
    {
        var error = Assert.Throws<DominoConfigurationException>(() => new DominoClient(Options(new FakeHandler(), configure: o => { o.Host = host; o.ApiKey = "k"; })));

        Assert.Contains($"'{host}'", error.Message);
        Assert.Contains("setting Host", error.Message);
        Assert.Contains("https://domino.example.com", error.Message);
    }

    [Fact]
    public void Host_from_the_environment_is_named_as_such_when_invalid()
    {
        var error = Assert.Throws<DominoConfigurationException>(() => new DominoClient(Options(new FakeHandler(),
            new() { ["DOMINO_API_HOST"] = "domino.example.com", ["DOMINO_USER_API_KEY"] = "k" })));

        Assert.Contains("environment variable DOMINO_API_HOST", error.Message);
    }

    [Fact]
    public void Host_with_a_password_is_refused_without_repeating_it()
    {
        var error = Assert.Throws<DominoConfigurationException>(() => new DominoClient(Options(new FakeHandler(),
            configure: o => { o.Host = "https://bob:hunter2@domino.example.com"; o.ApiKey = "k"; })));

        Assert.DoesNotContain("hunter2", error.ToString());
        Assert.Contains("user name or password", error.Message);
    }

    [Fact]
    public void Missing_host_names_the_setting_and_the_environment_variable()
    {
        var error = Assert.Throws<DominoConfigurationException>(() => new DominoClient(Options(new FakeHandler(), configure: o => o.ApiKey = "k")));

        Assert.Contains("Host", error.Message);
        Assert.Contains("DOMINO_API_HOST", error.Message);
    }

    [Fact]
    public void Missing_credentials_name_every_setting_and_environment_variable()
    {
        var error = Assert.Throws<DominoConfigurationException>(() => new DominoClient(Options(new FakeHandler(), configure: o => o.Host = "https://d.example.com")));

        foreach (var name in new[] { "ApiKey", "BearerToken", "TokenFile", "DOMINO_USER_API_KEY", "DOMINO_TOKEN_FILE" })
        {
            Assert.Contains(name, error.Message);
        }
    }

    [Fact]
    public void A_missing_host_or_credential_is_reported_as_data_a_front_end_can_word()
    {
        // Given options without a host, and options without credentials
        // When clients are made from them
        var noHost = Assert.Throws<DominoConfigurationException>(() => new DominoClient(Options(new FakeHandler(), configure: o => o.ApiKey = "k")));
        var noCredentials = Assert.Throws<DominoConfigurationException>(() => new DominoClient(Options(new FakeHandler(), configure: o => o.Host = "https://d.example.com")));

        // Then each error says which setting is missing and which environment variables give it
        Assert.Equal((DominoSetting.Host, DominoSettingProblem.Missing), (noHost.Setting, noHost.Problem));
        Assert.Equal(["DOMINO_API_HOST"], noHost.EnvironmentVariables);
        Assert.Equal((DominoSetting.Credentials, DominoSettingProblem.Missing), (noCredentials.Setting, noCredentials.Problem));
        Assert.Equal(["DOMINO_USER_API_KEY", "DOMINO_TOKEN_FILE"], noCredentials.EnvironmentVariables);
    }

    [Fact]
    public void An_invalid_value_is_reported_with_where_it_came_from()
    {
        // Given a malformed host in the options, and a key with a space in the environment
        var fromOption = Assert.Throws<DominoConfigurationException>(() => new DominoClient(Options(new FakeHandler(), configure: o => { o.Host = "ftp://x"; o.ApiKey = "k"; })));
        var fromVariable = Assert.Throws<DominoConfigurationException>(() => new DominoClient(Options(
            new FakeHandler(),
            configure: o =>
            {
                o.Host = "https://d.example.com";
                o.Environment = new DictionaryDominoEnvironment(new Dictionary<string, string?> { ["DOMINO_USER_API_KEY"] = "two words" });
            })));

        // Then each error names its source and says what is wrong, without the secret
        Assert.Equal((DominoSetting.Host, DominoSettingProblem.Invalid, "Host", (string?)null), (fromOption.Setting, fromOption.Problem, fromOption.Option, fromOption.EnvironmentVariable));
        Assert.Contains("'ftp://x' is not an absolute http or https address", fromOption.Detail);
        Assert.Equal((DominoSetting.Credentials, (string?)null, "DOMINO_USER_API_KEY"), (fromVariable.Setting, fromVariable.Option, fromVariable.EnvironmentVariable));
        Assert.DoesNotContain("two words", fromVariable.Message);
    }

    public enum Expect
    {
        ExplicitBearer,
        ExplicitFile,
        ExplicitKey,
        EnvironmentFile,
        EnvironmentKey,
    }

    [Theory]
    [InlineData(true, true, true, true, true, Expect.ExplicitBearer)]
    [InlineData(false, true, true, true, true, Expect.ExplicitFile)]
    [InlineData(false, false, true, true, true, Expect.ExplicitKey)]
    [InlineData(false, false, false, true, true, Expect.EnvironmentFile)]
    [InlineData(false, false, false, false, true, Expect.EnvironmentKey)]
    public async Task Credentials_follow_the_documented_precedence(bool bearer, bool file, bool key, bool envFile, bool envKey, Expect expected)
    {
        var handler = new FakeHandler().RespondJson("""{"version":"1"}""");
        var environment = new Dictionary<string, string?> { ["DOMINO_API_HOST"] = "https://d.example.com" };
        if (envFile)
        {
            environment["DOMINO_TOKEN_FILE"] = TokenFile("env-file-token\n");
        }

        if (envKey)
        {
            environment["DOMINO_USER_API_KEY"] = "env-key";
        }

        var explicitFile = TokenFile("explicit-file-token\nsecond line\n");
        using var client = new DominoClient(Options(handler, environment, o =>
        {
            o.BearerToken = bearer ? "explicit-bearer" : null;
            o.TokenFile = file ? explicitFile : null;
            o.ApiKey = key ? "explicit-key" : null;
        }));

        await client.GetVersionAsync();

        var (authorization, apiKey) = expected switch
        {
            Expect.ExplicitBearer => ("Bearer explicit-bearer", null),
            Expect.ExplicitFile => ("Bearer explicit-file-token", null),
            Expect.ExplicitKey => (null, "explicit-key"),
            Expect.EnvironmentFile => ("Bearer env-file-token", null),
            _ => ((string?)null, "env-key"),
        };
        Assert.Equal(authorization, handler.Only.Header("Authorization"));
        Assert.Equal(apiKey, handler.Only.Header("X-Domino-Api-Key"));
    }

    [Fact]
    public async Task Token_file_is_read_again_for_every_request()
    {
        var path = TokenFile("first-token\n");
        var handler = new FakeHandler().RespondJson("""{"version":"1"}""").RespondJson("""{"version":"1"}""");
        using var client = new DominoClient(Options(handler, configure: o => { o.Host = "https://d.example.com"; o.TokenFile = path; }));

        await client.GetVersionAsync();
        await File.WriteAllTextAsync(path, "  second-token  \r\nignored\n");
        await client.GetVersionAsync();

        Assert.Equal(["Bearer first-token", "Bearer second-token"], handler.Requests.Select(r => r.Header("Authorization")));
    }

    [Fact]
    public async Task Token_file_is_read_again_for_each_retry()
    {
        var path = TokenFile("old-token");
        var handler = new FakeHandler();
        handler.Respond(HttpStatusCode.ServiceUnavailable, configure: _ => File.WriteAllText(path, "new-token")).RespondJson("""{"version":"1"}""");
        using var client = new DominoClient(Options(handler, configure: o =>
        {
            o.Host = "https://d.example.com";
            o.TokenFile = path;
            o.Random = new FixedRandom(0);
        }));

        await client.GetVersionAsync();

        Assert.Equal(["Bearer old-token", "Bearer new-token"], handler.Requests.Select(r => r.Header("Authorization")));
    }

    [Fact]
    public async Task Unreadable_token_file_fails_naming_the_file_before_any_request()
    {
        var handler = new FakeHandler();
        var path = Path.Combine(_folder, "missing-token");
        using var client = new DominoClient(Options(handler, new() { ["DOMINO_TOKEN_FILE"] = path }, o => o.Host = "https://d.example.com"));

        var error = await Assert.ThrowsAsync<DominoConfigurationException>(() => client.GetVersionAsync());

        Assert.Contains(path, error.Message);
        Assert.Contains("DOMINO_TOKEN_FILE", error.Message);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Empty_token_file_fails_naming_the_file()
    {
        var handler = new FakeHandler();
        var path = TokenFile("\n");
        using var client = new DominoClient(Options(handler, configure: o => { o.Host = "https://d.example.com"; o.TokenFile = path; }));

        var error = await Assert.ThrowsAsync<DominoConfigurationException>(() => client.GetVersionAsync());

        Assert.Contains($"'{path}'", error.Message);
        Assert.Contains("empty", error.Message);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public void Key_with_inner_spaces_is_refused_without_repeating_it()
    {
        var error = Assert.Throws<DominoConfigurationException>(() => new DominoClient(Options(new FakeHandler(),
            configure: o => { o.Host = "https://d.example.com"; o.ApiKey = "abc def-secret"; })));

        Assert.DoesNotContain("def-secret", error.ToString());
        Assert.Contains("setting ApiKey", error.Message);
    }

    [Fact]
    public async Task User_agent_names_the_package_its_version_and_the_suffix()
    {
        var handler = new FakeHandler().RespondJson("""{"version":"1"}""");
        using var client = new DominoClient(Options(handler, configure: o =>
        {
            o.Host = "https://d.example.com";
            o.ApiKey = "k";
            o.UserAgentSuffix = "Cake.Domino/1.2.3";
        }));

        await client.GetVersionAsync();

        var version = typeof(DominoClient).Assembly.GetName().Version!;
        Assert.Matches($@"^Domino\.Client/{version.Major}\.{version.Minor}\.{version.Build}\S* Cake\.Domino/1\.2\.3$", handler.Only.Header("User-Agent"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Non_positive_request_timeout_is_refused(int seconds)
    {
        var error = Assert.Throws<DominoConfigurationException>(() => new DominoClient(Options(new FakeHandler(), configure: o =>
        {
            o.Host = "https://d.example.com";
            o.ApiKey = "k";
            o.RequestTimeout = TimeSpan.FromSeconds(seconds);
        })));

        Assert.Contains("RequestTimeout", error.Message);
    }

    [Fact]
    public void Negative_retry_count_is_refused()
    {
        var error = Assert.Throws<DominoConfigurationException>(() => new DominoClient(Options(new FakeHandler(), configure: o =>
        {
            o.Host = "https://d.example.com";
            o.ApiKey = "k";
            o.Retry.MaxRetries = -1;
        })));

        Assert.Contains("Retry.MaxRetries", error.Message);
    }

    [Fact]
    public void Project_comes_from_DOMINO_PROJECT_OWNER_and_NAME_when_not_given()
    {
        using var client = new DominoClient(Options(new FakeHandler(), new()
        {
            ["DOMINO_API_HOST"] = "https://d.example.com",
            ["DOMINO_USER_API_KEY"] = "k",
            ["DOMINO_PROJECT_OWNER"] = "alice",
            ["DOMINO_PROJECT_NAME"] = "churn",
        }));

        Assert.Equal("alice/churn", client.GetProjectClient((string?)null).Project.ToString());
        Assert.Equal("bob/other", client.GetProjectClient("bob/other").Project.ToString());
    }

    [Fact]
    public void Missing_project_names_both_ways_to_give_it()
    {
        using var client = new DominoClient(Options(new FakeHandler(), new() { ["DOMINO_API_HOST"] = "https://d.example.com", ["DOMINO_USER_API_KEY"] = "k" }));

        var error = Assert.Throws<DominoConfigurationException>(() => client.GetProjectClient((string?)null));

        Assert.Contains("DOMINO_PROJECT_OWNER", error.Message);
        Assert.Contains("owner/name", error.Message);
    }

    [Fact]
    public void A_transport_given_in_the_options_is_left_to_its_owner()
    {
        var transport = new DisposeTrackingHandler();
        var client = new DominoClient(Options(new FakeHandler(), configure: o => { o.Host = "https://d.example.com"; o.ApiKey = "k"; o.Transport = transport; }));

        client.Dispose();

        Assert.False(transport.Disposed);
    }

    private sealed class DisposeTrackingHandler : HttpMessageHandler
    {
        public bool Disposed { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
