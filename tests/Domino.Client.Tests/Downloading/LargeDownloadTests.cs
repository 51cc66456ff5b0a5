using System.Diagnostics;
using Xunit.Abstractions;

namespace Domino.Client.Tests.Downloading;

[CollectionDefinition(nameof(LargeDownloadRunsAlone), DisableParallelization = true)]
public sealed class LargeDownloadRunsAlone;

/// <summary>Measures memory while a 1 GiB file streams to disk; runs alone so other tests do not disturb the figures.</summary>
[Collection(nameof(LargeDownloadRunsAlone))]
public sealed class LargeDownloadTests(ITestOutputHelper output) : IDisposable
{
    private const long OneGiB = 1L << 30;
    private const long MiB = 1L << 20;

    private readonly FakeProject _project = new();

    public void Dispose() => _project.Dispose();

    [Trait("Category", "Slow")]
    [Fact]
    public async Task DownloadCommit_streams_a_1_GiB_file_to_disk_with_flat_memory()
    {
        var file = new DominoFile { Path = "results/big.bin", Key = new string('b', 40), Size = OneGiB };
        _project.Files.Add(file);
        using var process = Process.GetCurrentProcess();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        process.Refresh();
        var workingSetBefore = process.WorkingSet64;
        long heapPeak = heapBefore;
        long workingSetPeak = workingSetBefore;
        var nextSample = 0L;
        _project.OpenStream = (_, _) => new SampledStream(TestStream.Generated(OneGiB, chunkSize: 1024 * 1024), position =>
        {
            if (position < nextSample)
            {
                return;
            }

            nextSample = position + (32 * MiB);
            heapPeak = Math.Max(heapPeak, GC.GetTotalMemory(forceFullCollection: false));
            process.Refresh();
            workingSetPeak = Math.Max(workingSetPeak, process.WorkingSet64);
        });
        var stopwatch = Stopwatch.StartNew();

        var report = await _project.Client.DownloadCommitAsync(FakeProject.CommitId, _project.Destination);

        stopwatch.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var local = _project.Local("results/big.bin");
        Assert.Equal(OneGiB, report.BytesWritten);
        Assert.Equal(OneGiB, new FileInfo(local).Length);
        AssertGeneratedBytesAt(local, 0, OneGiB / 3, OneGiB - 4096);
        Assert.DoesNotContain(_project.AllFilesUnderRoot(), f => f.EndsWith(".partial", StringComparison.Ordinal));

        var throughput = OneGiB / MiB / stopwatch.Elapsed.TotalSeconds;
        output.WriteLine(
            $"1 GiB in {stopwatch.Elapsed.TotalSeconds:0.00} s ({throughput:0} MiB/s); managed heap peak +{(heapPeak - heapBefore) / (double)MiB:0.0} MiB; "
            + $"allocated {allocated / (double)MiB:0.0} MiB; working set peak +{(workingSetPeak - workingSetBefore) / (double)MiB:0.0} MiB");
        Assert.InRange(heapPeak - heapBefore, long.MinValue, 64 * MiB);
        Assert.InRange(allocated, 0, 64 * MiB);
        Assert.InRange(workingSetPeak - workingSetBefore, long.MinValue, 64 * MiB);
    }

    private static void AssertGeneratedBytesAt(string path, params long[] offsets)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[4096];
        foreach (var offset in offsets)
        {
            stream.Position = offset;
            stream.ReadExactly(buffer);
            for (var i = 0; i < buffer.Length; i++)
            {
                Assert.Equal(TestStream.ExpectedGeneratedByte(offset + i), buffer[i]);
            }
        }
    }

    /// <summary>Passes reads through, calling back with the position before each one.</summary>
    private sealed class SampledStream(Stream inner, Action<long> beforeRead) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            beforeRead(_position);
            var read = await inner.ReadAsync(buffer, cancellationToken);
            _position += read;
            return read;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
