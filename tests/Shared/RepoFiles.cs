// Compiled into the Cake and MSBuild test projects (linked by their project files): the tests that hold the docs to the code read them here.
namespace Domino.TestSupport;

/// <summary>Files of this repository, found from the test assembly's folder upwards (the folder holding Cake.Domino.sln).</summary>
internal static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    /// <summary>The full path of a file given relative to the repository root ('/' separators).</summary>
    public static string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    /// <summary>The text of a documentation section, from its heading to the next <c>## </c> heading.</summary>
    public static string Section(string relativePath, string heading)
    {
        var text = File.ReadAllText(PathOf(relativePath));
        var start = text.IndexOf(heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"{relativePath} has no section '{heading}'");
        var next = text.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return next < 0 ? text[start..] : text[start..next];
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Cake.Domino.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        return directory!.FullName;
    }
}
