namespace EndToEnd.Tests.Infrastructure;

/// <summary>The nuget.config of a consumer that restores from one local feed only, as a user's CI would with its own.</summary>
public static class NuGetConfig
{
    /// <summary>Writes <paramref name="folder"/>/nuget.config listing <paramref name="feed"/> as the only package source; returns its path.</summary>
    public static string WriteLocalFeed(string folder, string feed)
    {
        var path = Path.Combine(folder, "nuget.config");
        File.WriteAllText(path, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="e2e" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        return path;
    }
}
