using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Domino.Client.Serialization;

/// <summary>Writes the body of a v4 job start as python-domino sends it.</summary>
internal static class JobStartBody
{
    /// <summary>
    /// The body of <c>POST /v4/jobs/start</c>: all ten keys, in python-domino's order, <c>null</c> where unset;
    /// tier ids of a compute cluster wrapped as <c>{"value": id}</c>.
    /// </summary>
    internal static ByteArrayContent Write(string projectId, DominoStartRunRequest request, string? hardwareTierId, string? title)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("projectId", projectId);
            json.WriteString("commandToRun", request.IsDirect ? request.Command[0] : DominoCommandLine.Join(request.Command));
            WriteStringOrNull(json, "commitId", request.CommitId);
            var gitRef = request.Branch is { } branch ? DominoGitRef.Branch(branch) : request.GitRef;
            if (gitRef is null)
            {
                json.WriteNull("mainRepoGitRef");
            }
            else
            {
                json.WriteStartObject("mainRepoGitRef");
                json.WriteString("type", gitRef.WireType);
                json.WriteString("value", gitRef.Value);
                json.WriteEndObject();
            }

            WriteStringOrNull(json, "overrideHardwareTierId", hardwareTierId);
            WriteStringOrNull(json, "environmentId", request.EnvironmentId);
            if (request.ExternalVolumeMounts is { Count: > 0 } mounts)
            {
                json.WriteStartArray("externalVolumeMounts");
                foreach (var mount in mounts)
                {
                    json.WriteStringValue(mount);
                }

                json.WriteEndArray();
            }
            else
            {
                json.WriteNull("externalVolumeMounts");
            }

            if (request.ComputeCluster is { } cluster)
            {
                WriteCluster(json, cluster);
            }
            else
            {
                json.WriteNull("computeClusterProperties");
            }

            json.WriteNull("onDemandSparkClusterProperties");
            WriteStringOrNull(json, "title", title);
            json.WriteEndObject();
        }

        var content = new ByteArrayContent(buffer.WrittenSpan.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    private static void WriteCluster(Utf8JsonWriter json, DominoComputeCluster cluster)
    {
        json.WriteStartObject("computeClusterProperties");
        json.WriteString("clusterType", ClusterTypeName(cluster.ClusterType));
        json.WriteString("computeEnvironmentId", cluster.ComputeEnvironmentId);
        if (cluster.ComputeEnvironmentRevision is { } revision)
        {
            if (revision is "ActiveRevision" or "LatestRevision")
            {
                json.WriteString("computeEnvironmentRevisionSpec", revision);
            }
            else
            {
                json.WriteStartObject("computeEnvironmentRevisionSpec");
                json.WriteString("revisionId", revision);
                json.WriteEndObject();
            }
        }

        if (cluster.MasterHardwareTierId is { } master)
        {
            json.WriteStartObject("masterHardwareTierId");
            json.WriteString("value", master);
            json.WriteEndObject();
        }

        json.WriteStartObject("workerHardwareTierId");
        json.WriteString("value", cluster.WorkerHardwareTierId);
        json.WriteEndObject();
        json.WriteNumber("workerCount", cluster.WorkerCount);
        if (cluster.MaxWorkerCount is { } max)
        {
            json.WriteNumber("maxWorkerCount", max);
        }

        if (cluster.WorkerStorageGiB is { } storage)
        {
            json.WriteStartObject("workerStorage");
            json.WriteNumber("value", storage);
            json.WriteString("unit", "GiB");
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static string ClusterTypeName(string type) =>
        DominoComputeCluster.ClusterTypes.First(known => string.Equals(known, type, StringComparison.OrdinalIgnoreCase));

    private static void WriteStringOrNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
