namespace Domino.Emulator.Internal.Runs;

/// <summary>A run seen as a v4 job (<c>/v4/jobs/...</c>): the same record as the v1 run, in the v4 shape.</summary>
internal static class JobView
{
    public static JobResponse Describe(RunState run)
    {
        lock (run.Gate)
        {
            RunRecord r = run.Record;
            bool completed = RunStatuses.IsTerminal(r.Status);
            QueuedJobHistoryDetails queue = r.Status == RunStatuses.Queued
                ? new QueuedJobHistoryDetails("< 1 minute", "Waiting for a free run slot of the emulator.", null)
                : new QueuedJobHistoryDetails("None", "The job has left the queue.", null);
            return new JobResponse(
                r.Id,
                r.Number,
                r.ProjectId,
                r.Title,
                r.JobRunCommand ?? (r.IsDirect ? r.Command[0] : ShellWords.Join(r.Command)),
                new JobStatuses(completed, r.IsArchived, false, r.Status),
                new JobStageTime(r.Queued, r.Started, r.Completed),
                new JobUser(r.StartingUserId, run.Project.Owner),
                new JobCommitDetails(r.CommitId, r.OutputCommitId),
                queue);
        }
    }

    /// <summary>Whether the job passes the <c>status</c> filter of the job list: <c>all</c>, <c>completed</c>, <c>active</c> (not completed), or one execution status.</summary>
    public static bool MatchesStatus(RunState run, string filter)
    {
        string status;
        lock (run.Gate)
        {
            status = run.Record.Status;
        }

        return filter.ToUpperInvariant() switch
        {
            "ALL" => true,
            "COMPLETED" => RunStatuses.IsTerminal(status),
            "ACTIVE" => !RunStatuses.IsTerminal(status),
            _ => status.Equals(filter, StringComparison.OrdinalIgnoreCase),
        };
    }
}
