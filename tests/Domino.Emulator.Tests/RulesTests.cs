using Domino.Emulator.Internal;

namespace Domino.Emulator.Tests;

/// <summary>Path and id rules, and option validation at start.</summary>
public sealed class RulesTests
{
    [Theory]
    [InlineData("file.txt")]
    [InlineData("a/b/c.csv")]
    [InlineData("results/..hidden")]
    [InlineData("with space/x y.txt")]
    public void Plain_relative_paths_are_accepted(string path) => Assert.Null(PathRules.ValidateRelativeFilePath(path));

    [Theory]
    [InlineData("")]
    [InlineData("../x")]
    [InlineData("a/../../x")]
    [InlineData("a/./x")]
    [InlineData("..")]
    [InlineData("/abs")]
    [InlineData("C:/abs")]
    [InlineData("a\\b")]
    [InlineData("a//b")]
    [InlineData("a/")]
    [InlineData("a%2Fb")]
    [InlineData("a%5cb")]
    [InlineData("nul\0x")]
    public void Unsafe_paths_are_refused(string path) => Assert.NotNull(PathRules.ValidateRelativeFilePath(path));

    [Fact]
    public void CombineUnder_refuses_to_leave_the_root()
    {
        using var root = new TempFolder();
        Assert.Throws<InvalidOperationException>(() => PathRules.CombineUnder(root.Path, "../outside"));
        Assert.Throws<InvalidOperationException>(() => PathRules.CombineUnder(root.Path, "/etc/passwd"));
        Assert.Equal(Path.Combine(root.Path, "a", "b"), PathRules.CombineUnder(root.Path, "a/b"));
    }

    [Theory]
    [InlineData("alice/demo", true)]
    [InlineData("a.b-c_d/e.f", true)]
    [InlineData("alice", false)]
    [InlineData("a/b/c", false)]
    [InlineData("../demo", false)]
    [InlineData("alice/", false)]
    [InlineData("al ice/demo", false)]
    public void Project_names_are_owner_slash_name(string value, bool valid) =>
        Assert.Equal(valid, PathRules.TryParseProject(value, out _, out _));

    [Fact]
    public void New_ids_are_24_lower_hex_and_unique()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => Ids.NewObjectId()).ToList();
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{24}$", id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task Start_refuses_options_without_credentials_or_data_folder()
    {
        using var root = new TempFolder();
        await Assert.ThrowsAsync<ArgumentException>(() => DominoEmulator.StartAsync(new DominoEmulatorOptions { DataDirectory = root.Path }));
        var noFolder = new DominoEmulatorOptions { InsecureNoAuth = true };
        await Assert.ThrowsAsync<ArgumentException>(() => DominoEmulator.StartAsync(noFolder));
        var badProject = new DominoEmulatorOptions { DataDirectory = root.Path, InsecureNoAuth = true };
        badProject.Projects["not-a-project"] = "";
        await Assert.ThrowsAsync<ArgumentException>(() => DominoEmulator.StartAsync(badProject));
        var badBind = new DominoEmulatorOptions { DataDirectory = root.Path, InsecureNoAuth = true, BindAddress = "somewhere" };
        await Assert.ThrowsAsync<ArgumentException>(() => DominoEmulator.StartAsync(badBind));
    }

    [Fact]
    public async Task InsecureNoAuth_accepts_requests_without_credentials_and_creates_missing_data_folder()
    {
        using var root = new TempFolder();
        var options = new DominoEmulatorOptions { DataDirectory = Path.Combine(root.Path, "new", "data"), InsecureNoAuth = true };
        options.Projects["x/y"] = "";
        await using DominoEmulator emulator = await DominoEmulator.StartAsync(options);
        using HttpClient client = TestEmulator.CreateClient(emulator, withKey: false);

        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/v1/projects/x/y/commits")).StatusCode);
        Assert.Equal("127.0.0.1", emulator.BaseAddress.Host);
        Assert.NotEqual(0, emulator.BaseAddress.Port);
        Assert.EndsWith("/", emulator.BaseAddress.ToString());
        Assert.True(Directory.Exists(options.DataDirectory));
    }

    [Fact]
    public void Default_options_match_the_documentation()
    {
        var options = new DominoEmulatorOptions();
        Assert.Equal("127.0.0.1", options.BindAddress);
        Assert.Equal(0, options.Port);
        Assert.Equal(2, options.MaxConcurrentRuns);
        Assert.Equal(new[] { "Small", "Medium", "Large" }, options.HardwareTiers);
        Assert.Equal(new[] { "Domino Standard Environment Py3.11 R4.4" }, options.Environments);
        Assert.Equal(EmulatorApiVersion.V4, options.ApiVersion);
        Assert.False(options.EnableControl);
        Assert.False(options.InsecureNoAuth);
    }
}
