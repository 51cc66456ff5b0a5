namespace Domino.Emulator.Internal.Storage;

/// <summary>
/// A project's history: commits are manifests (path to blob), stored as <c>projects/{id}/commits/{commitId}.json</c>
/// and listed oldest first in <c>project.json</c>; the last one is the head.
/// </summary>
internal static class Commits
{
    public static CommitRecord? Get(ProjectState project, string commitId)
    {
        lock (project.Gate)
        {
            return project.Commits.GetValueOrDefault(commitId.ToLowerInvariant());
        }
    }

    public static CommitRecord Head(ProjectState project)
    {
        lock (project.Gate)
        {
            return project.Commits[project.Record.Commits[^1]];
        }
    }

    /// <summary>Commit ids, newest first.</summary>
    public static List<string> IdsNewestFirst(ProjectState project)
    {
        lock (project.Gate)
        {
            var ids = new List<string>(project.Record.Commits);
            ids.Reverse();
            return ids;
        }
    }

    /// <summary>Whether one of the project's commits references the blob.</summary>
    public static bool References(ProjectState project, string key)
    {
        lock (project.Gate)
        {
            return project.BlobKeys.Contains(key);
        }
    }

    /// <summary>The head when it holds <paramref name="files"/>, else a new commit on top of it that does.</summary>
    public static CommitRecord HeadWith(ProjectState project, SortedDictionary<string, ManifestEntry> files, string message)
    {
        lock (project.Gate)
        {
            CommitRecord head = Head(project);
            return Manifests.SameContent(head.Files, files) ? head : Add(project, head.Id, files, message);
        }
    }

    /// <summary>Adds or replaces one file on top of the head. Returns null and a reason if the path conflicts with a folder or file.</summary>
    public static CommitRecord? AddFile(ProjectState project, string path, ManifestEntry entry, out string? conflict)
    {
        lock (project.Gate)
        {
            CommitRecord head = Head(project);
            conflict = Manifests.FindConflict(head.Files, path);
            if (conflict is not null)
            {
                return null;
            }

            var files = new SortedDictionary<string, ManifestEntry>(head.Files, StringComparer.Ordinal)
            {
                [path] = entry,
            };
            return Add(project, head.Id, files, "Upload " + path);
        }
    }

    /// <summary>
    /// Records a run's files: the output commit holds them all, child of the run's input commit. When the head moved
    /// meanwhile, a merge commit applies the run's changes on top of it and becomes the head.
    /// </summary>
    public static CommitRecord AddRunOutput(ProjectState project, string inputCommitId, SortedDictionary<string, ManifestEntry> files, int runNumber)
    {
        lock (project.Gate)
        {
            CommitRecord input = project.Commits[inputCommitId];
            string headBefore = project.Record.Commits[^1];
            CommitRecord output = Add(project, inputCommitId, files, $"Results of run #{runNumber}");
            if (!headBefore.Equals(inputCommitId, StringComparison.Ordinal))
            {
                SortedDictionary<string, ManifestEntry> merged = Manifests.ApplyChanges(project.Commits[headBefore].Files, input.Files, files);
                Add(project, headBefore, merged, $"Merge results of run #{runNumber}");
            }

            return output;
        }
    }

    /// <summary>Adds a commit and makes it the head.</summary>
    public static CommitRecord Add(ProjectState project, string? parentId, SortedDictionary<string, ManifestEntry> files, string message)
    {
        lock (project.Gate)
        {
            var commit = new CommitRecord
            {
                ProjectId = project.Id,
                ParentId = parentId,
                Created = Clock.NowMs(),
                Message = message,
                Files = files,
            };
            do
            {
                commit.Id = Ids.NewCommitId(project.Id + "\n" + parentId + "\n" + message);
            }
            while (project.Commits.ContainsKey(commit.Id));

            AtomicFile.WriteJson(Path.Combine(project.CommitsDirectory, commit.Id + ".json"), commit, Json.Context.CommitRecord);
            project.Record.Commits.Add(commit.Id);
            project.Save();
            Remember(project, commit);
            return commit;
        }
    }

    /// <summary>Reads the commits that <c>project.json</c> lists; those that cannot be read are dropped from the list.</summary>
    public static void Load(ProjectState project)
    {
        lock (project.Gate)
        {
            foreach (string commitId in project.Record.Commits)
            {
                CommitRecord? commit = AtomicFile.ReadJson(Path.Combine(project.CommitsDirectory, commitId + ".json"), Json.Context.CommitRecord);
                if (commit is not null)
                {
                    Remember(project, commit);
                }
            }

            project.Record.Commits.RemoveAll(id => !project.Commits.ContainsKey(id));
        }
    }

    private static void Remember(ProjectState project, CommitRecord commit)
    {
        project.Commits[commit.Id] = commit;
        foreach (ManifestEntry entry in commit.Files.Values)
        {
            project.BlobKeys.Add(entry.Key);
        }
    }
}
