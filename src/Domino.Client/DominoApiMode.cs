namespace Domino.Client;

/// <summary>
/// Which generation of Domino's API a client speaks: the v4 Jobs API with path-based file downloads, or the legacy
/// v1 runs API with <c>/blobs/{key}</c> downloads. Both give the same <see cref="DominoRun"/>, so waiting, output
/// streaming, stopping and downloading work the same whichever starts a run.
/// </summary>
public enum DominoApiMode
{
    /// <summary>
    /// Uses v4 where the server has it and v1 where it does not. The client finds out once, with one read-only request
    /// (<c>GET /v4/jobs?projectId=...&amp;page_size=1</c>: 404 means no v4), before its first run or file request, and logs
    /// what it decided; it never sends a start request to find out.
    /// </summary>
    Auto,

    /// <summary>The v4 Jobs API and path-based downloads; a server without them is an error that says so.</summary>
    V4,

    /// <summary>The legacy v1 runs API and blob downloads, exactly as before v4 support (no probe request).</summary>
    V1,
}
