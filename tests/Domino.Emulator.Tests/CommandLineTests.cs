using System.Diagnostics;
using System.Net;
using System.Text;
using Domino.Emulator.Internal;

namespace Domino.Emulator.Tests;

/// <summary>The command line: parsing (in-process) and the built tool run as a real process.</summary>
public sealed class CommandLineTests
{
    private const string Secret = "cli-secret-key-98765";

    private static string EmulatorDll => Path.Combine(AppContext.BaseDirectory, "Domino.Emulator.dll");

    private static CommandLineResult Parse(params string[] args) => CommandLine.Parse(args, _ => null);

    [Fact]
    public void Parse_reads_every_option_in_both_forms()
    {
        using var folder = new TempFolder();
        CommandLineResult result = Parse(
            "--port", "5005", "--data-dir=/srv/data", "--api-key", "k1", "--api-key=k2", "--token", "t1",
            "--project", $"alice/demo={folder.Path}", "--project", "bob/empty", "--bind", "0.0.0.0",
            "--max-concurrent-runs", "3", "--enable-control", "--insecure-no-auth", "--quoted-line-breaks", "--verbose",
            "--hardware-tier", "Tiny", "--hardware-tier=gpu=GPU Huge", "--environment", "Spark Env", "--environment=env-2=R Env", "--api", "v1", "--latency", "25", "--tls");

        Assert.Null(result.Error);
        DominoEmulatorOptions o = result.Options;
        Assert.Equal(5005, o.Port);
        Assert.Equal("/srv/data", o.DataDirectory);
        Assert.Equal(new[] { "k1", "k2" }, o.ApiKeys);
        Assert.Equal(new[] { "t1" }, o.BearerTokens);
        Assert.Equal(folder.Path, o.Projects["alice/demo"]);
        Assert.Equal("", o.Projects["bob/empty"]);
        Assert.Equal("0.0.0.0", o.BindAddress);
        Assert.Equal(3, o.MaxConcurrentRuns);
        Assert.True(o.EnableControl && o.InsecureNoAuth && o.QuotedLineBreaks && o.Verbose);
        Assert.Equal(new[] { "Small", "Tiny", "gpu=GPU Huge" }, o.HardwareTiers);
        Assert.Equal(new[] { DominoEmulatorOptions.DefaultEnvironment, "Spark Env", "env-2=R Env" }, o.Environments);
        Assert.Equal(EmulatorApiVersion.V1, o.ApiVersion);
        Assert.Equal(TimeSpan.FromMilliseconds(25), o.Latency);
        Assert.True(o.Tls);
    }

    [Fact]
    public void Hardware_tiers_given_on_the_command_line_come_after_the_default_tier()
    {
        CommandLineResult plain = Parse("--data-dir", "d", "--api-key", "k");
        CommandLineResult large = Parse("--data-dir", "d", "--api-key", "k", "--hardware-tier", "large");
        CommandLineResult small = Parse("--data-dir", "d", "--api-key", "k", "--hardware-tier", "small=Small GPU", "--hardware-tier", "large");

        Assert.Equal(new[] { "Small", "Medium", "Large" }, plain.Options.HardwareTiers);
        Assert.Equal(EmulatorApiVersion.V4, plain.Options.ApiVersion);
        Assert.Equal(new[] { "Small", "large" }, large.Options.HardwareTiers);
        Assert.Equal(new[] { "small=Small GPU", "large" }, small.Options.HardwareTiers);
    }

    [Fact]
    public void Parse_takes_keys_from_the_environment()
    {
        CommandLineResult result = CommandLine.Parse(["--data-dir", "d"], name => name switch
        {
            "DOMINO_EMULATOR_API_KEY" => "env-key",
            "DOMINO_EMULATOR_TOKEN" => "env-token",
            _ => null,
        });

        Assert.Null(result.Error);
        Assert.Equal(new[] { "env-key" }, result.Options.ApiKeys);
        Assert.Equal(new[] { "env-token" }, result.Options.BearerTokens);
    }

    [Theory]
    [InlineData("--api-key k", "--data-dir DIR is required")]
    [InlineData("--data-dir d", "no API key or token")]
    [InlineData("--data-dir d --api-key", "--api-key needs a value")]
    [InlineData("--data-dir d --api-key k --port 70000", "--port")]
    [InlineData("--data-dir d --api-key k --port abc", "--port")]
    [InlineData("--data-dir d --api-key k --max-concurrent-runs 0", "--max-concurrent-runs")]
    [InlineData("--data-dir d --api-key k --project nobody", "OWNER/NAME")]
    [InlineData("--data-dir d --api-key k --project a/b=/no/such/folder/anywhere", "does not exist")]
    [InlineData("--data-dir d --api-key k --frobnicate", "unknown option '--frobnicate'")]
    [InlineData("--data-dir d --api-key k stray", "unexpected argument")]
    [InlineData("--data-dir d --api-key k --api v2", "--api must be v4 or v1; got 'v2'")]
    [InlineData("--data-dir d --api-key k --latency -5", "--latency must be a whole number of milliseconds")]
    [InlineData("--data-dir d --api-key k --hardware-tier gpu --hardware-tier GPU", "repeats the id 'gpu'")]
    [InlineData("--data-dir d --api-key k --environment =R", "--environment needs a name")]
    public void Parse_reports_bad_arguments(string args, string expected)
    {
        CommandLineResult result = Parse(args.Split(' '));

        Assert.NotNull(result.Error);
        Assert.Contains(expected, result.Error);
    }

    [Fact]
    public void Parse_never_echoes_the_value_after_a_misspelled_option()
    {
        CommandLineResult result = Parse("--data-dir", "d", "--apikey", Secret);

        Assert.NotNull(result.Error);
        Assert.DoesNotContain(Secret, result.Error);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Tool_refuses_to_start_without_a_key_with_exit_code_2()
    {
        using var data = new TempFolder();

        (int exitCode, string stdout, string stderr) = await RunToCompletionAsync("--port", "0", "--data-dir", data.Path);

        Assert.Equal(2, exitCode);
        Assert.Contains("no API key or token", stderr);
        Assert.Contains("--insecure-no-auth", stderr);
        Assert.DoesNotContain("listening", stdout);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Tool_reports_a_bad_option_with_exit_code_2_without_echoing_its_value()
    {
        using var data = new TempFolder();

        (int exitCode, _, string stderr) = await RunToCompletionAsync("--data-dir", data.Path, "--api-key", "k", "--apikey", Secret);

        Assert.Equal(2, exitCode);
        Assert.Contains("unknown option '--apikey'", stderr);
        Assert.DoesNotContain(Secret, stderr);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Tool_exits_1_when_the_port_is_taken()
    {
        await using TestEmulator running = await TestEmulator.StartAsync();
        using var data = new TempFolder();

        (int exitCode, _, string stderr) = await RunToCompletionAsync("--port", running.Emulator.BaseAddress.Port.ToString(), "--data-dir", data.Path, "--api-key", "k");

        Assert.Equal(1, exitCode);
        Assert.Contains("could not start", stderr);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Tool_help_exits_0_with_usage()
    {
        (int exitCode, string stdout, _) = await RunToCompletionAsync("--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("--max-concurrent-runs", stdout);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public async Task Tool_prints_its_url_serves_requests_never_prints_the_key_and_stops_cleanly_on_SIGTERM()
    {
        using var root = new TempFolder();
        string project = Path.Combine(root.Path, "proj");
        Directory.CreateDirectory(project);
        await File.WriteAllTextAsync(Path.Combine(project, "main.py"), "print('hi')\n");
        using Process process = StartTool("--port", "0", "--data-dir", Path.Combine(root.Path, "data"), "--api-key", Secret, "--project", $"carol/cli={project}", "--verbose");
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (stdout)
            {
                stdout.AppendLine(e.Data);
            }

            if (e.Data.StartsWith("Domino emulator listening on ", StringComparison.Ordinal))
            {
                listening.TrySetResult(e.Data["Domino emulator listening on ".Length..]);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            string url = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Matches(@"^http://127\.0\.0\.1:\d+$", url);

            using var client = new HttpClient { BaseAddress = new Uri(url) };
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/version")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/projects/carol/cli/commits")).StatusCode);
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/projects/carol/cli/commits");
            request.Headers.Add("X-Domino-Api-Key", Secret);
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString()]))
            {
                await kill.WaitForExitAsync();
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        string allOutput = stdout.ToString() + stderr;
        Assert.DoesNotContain(Secret, allOutput);
        Assert.Contains("GET /v1/projects/carol/cli/commits", stderr.ToString());
        Assert.Contains("Stopped.", stdout.ToString());
    }

    private static Process StartTool(params string[] args)
    {
        Assert.True(File.Exists(EmulatorDll), $"missing {EmulatorDll}");
        var startInfo = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(EmulatorDll);
        foreach (string arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        startInfo.Environment.Remove("DOMINO_EMULATOR_API_KEY");
        startInfo.Environment.Remove("DOMINO_EMULATOR_TOKEN");
        return Process.Start(startInfo)!;
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunToCompletionAsync(params string[] args)
    {
        using Process process = StartTool(args);
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    private static string DotnetHost()
    {
        string? fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
        {
            return fromSdk;
        }

        string? current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }
}
