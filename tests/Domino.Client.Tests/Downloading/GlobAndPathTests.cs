using Domino.Client.Downloading;

namespace Domino.Client.Tests.Downloading;

public sealed class GlobMatcherTests
{
    [Theory]
    [InlineData("results/**/*.png", "results/a.png", true)]
    [InlineData("results/**/*.png", "results/x/y/a.png", true)]
    [InlineData("results/**/*.png", "results/a.jpg", false)]
    [InlineData("results/**/*.png", "other/a.png", false)]
    [InlineData("results/**/*.png", "resultsx/a.png", false)]
    [InlineData("*.png", "a.png", true)]
    [InlineData("*.png", "dir/a.png", false)]
    [InlineData("**/*.png", "a.png", true)]
    [InlineData("**/*.png", "a/b/c.png", true)]
    [InlineData("results/**", "results/a", true)]
    [InlineData("results/**", "results/x/y", true)]
    [InlineData("results/**", "results", false)]
    [InlineData("**", "any/depth/file", true)]
    [InlineData("a/**/b", "a/b", true)]
    [InlineData("a/**/b", "a/x/y/b", true)]
    [InlineData("a/**/b", "a/xb", false)]
    [InlineData("res?lts/a.txt", "results/a.txt", true)]
    [InlineData("a?b", "a/b", false)]
    [InlineData("a?b", "ab", false)]
    [InlineData("a*b.txt", "a/b.txt", false)]
    [InlineData("a**b.txt", "axyzb.txt", true)]
    [InlineData("a**b.txt", "ax/b.txt", false)]
    [InlineData("*.PNG", "a.png", false)]
    [InlineData("Results/*", "results/a", false)]
    [InlineData("a.b", "axb", false)]
    [InlineData("data[1].csv", "data[1].csv", true)]
    [InlineData("data[1].csv", "data1.csv", false)]
    [InlineData("(a|b)+", "a", false)]
    [InlineData("/results/*.txt", "results/a.txt", true)]
    [InlineData("results\\*.txt", "results/a.txt", true)]
    public void Glob_matches_paths_as_documented(string glob, string path, bool expected)
    {
        var matcher = new GlobMatcher([glob], []);

        Assert.Equal(expected, matcher.IsMatch(path));
    }

    [Fact]
    public void Glob_filter_with_no_include_takes_every_file()
    {
        var matcher = new GlobMatcher([], []);

        Assert.True(matcher.IsMatch("any/file.bin"));
    }

    [Fact]
    public void Glob_filter_takes_a_file_matching_any_include_unless_an_exclude_matches()
    {
        var matcher = new GlobMatcher(["**/*.png", "**/*.csv"], ["**/scratch/**", "*.csv"]);

        Assert.True(matcher.IsMatch("results/a.png"));
        Assert.True(matcher.IsMatch("results/b.csv"));
        Assert.False(matcher.IsMatch("b.csv"));
        Assert.False(matcher.IsMatch("results/scratch/a.png"));
        Assert.False(matcher.IsMatch("results/a.txt"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Glob_filter_rejects_an_empty_pattern(string glob)
    {
        var error = Assert.Throws<ArgumentException>(() => new GlobMatcher([], [glob]));

        Assert.Contains("Exclude", error.Message);
    }
}

public sealed class SafePathTests
{
    [Theory]
    [InlineData("/etc/passwd", "absolute")]
    [InlineData("../escape.txt", "'..'")]
    [InlineData("a/../../escape.txt", "'..'")]
    [InlineData("a/..", "'..'")]
    [InlineData("./a.txt", "'.'")]
    [InlineData("a/./b.txt", "'.'")]
    [InlineData("C:/Windows/x.dll", "drive letter")]
    [InlineData("c:x.txt", "drive letter")]
    [InlineData("a/D:/x.txt", "drive letter")]
    [InlineData("a\\b.txt", "backslash")]
    [InlineData("..\\escape.txt", "backslash")]
    [InlineData("a//b.txt", "empty segment")]
    [InlineData("a/", "empty segment")]
    [InlineData("", "empty")]
    [InlineData("a\0b.txt", "NUL")]
    [InlineData("a\nb.txt", "control character")]
    public void Remote_path_check_refuses_each_unsafe_form(string path, string reason)
    {
        var error = SafePath.CheckRemotePath(path);

        Assert.NotNull(error);
        Assert.Contains(reason, error);
    }

    [Theory]
    [InlineData("a.txt")]
    [InlineData("results/x/y.png")]
    [InlineData("..a/b..c")]
    [InlineData(".hidden/.x")]
    [InlineData("a b/c d.txt")]
    [InlineData("résultats/ü.txt")]
    public void Remote_path_check_accepts_plain_relative_paths(string path)
    {
        Assert.Null(SafePath.CheckRemotePath(path));
    }

    [Fact]
    public void Resolve_keeps_a_checked_path_inside_the_destination()
    {
        var destination = Path.GetFullPath(Path.Combine(Path.GetTempPath(), "dest"));

        Assert.Equal(Path.Combine(destination, "a", "b.txt"), SafePath.Resolve(destination, "a/b.txt"));
        Assert.Null(SafePath.Resolve(destination, "../dest2/x"));
    }
}
