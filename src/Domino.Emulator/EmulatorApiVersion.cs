namespace Domino.Emulator;

/// <summary>The generation of Domino's API an emulator speaks.</summary>
public enum EmulatorApiVersion
{
    /// <summary>
    /// Today's Domino: the v1 API plus the v4 Jobs API (<c>/v4/jobs/start</c> and the rest), hardware tiers,
    /// environments and the path-based file download.
    /// </summary>
    V4,

    /// <summary>
    /// An older Domino: the routes of the v4 Jobs API, hardware tiers, environments and the path-based file download
    /// answer 404. The v1 API, <c>/v4/jobs/stop</c>, the project lookup and the v4 log endpoint remain.
    /// </summary>
    V1,
}
