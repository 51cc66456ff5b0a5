using System.Net;
using System.Net.Http.Headers;

namespace Domino.Client.Http;

/// <summary>
/// Streams the caller's upload without buffering it and without disposing it (the caller owns the stream).
/// A seekable stream is rewound for a retry; any other can be sent once.
/// </summary>
internal sealed class UploadContent : HttpContent
{
    private readonly Stream _source;
    private readonly long _start;
    private bool _sent;

    public UploadContent(Stream source)
    {
        _source = source;
        _start = source.CanSeek ? source.Position : 0;
        Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
    }

    public bool CanResend => _source.CanSeek;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (_source.CanSeek)
        {
            _source.Position = _start;
        }
        else if (_sent)
        {
            throw new InvalidOperationException("The upload stream cannot be read twice: pass a seekable stream (a file or memory stream) to allow a retry.");
        }

        _sent = true;
        await _source.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _source.CanSeek ? _source.Length - _start : 0;
        return _source.CanSeek;
    }
}
