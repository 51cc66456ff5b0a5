using System.Text.RegularExpressions;
using Domino.Emulator;

namespace EndToEnd.Tests.Infrastructure;

/// <summary>A proxy in front of Domino that answers its HTML 502 page to every status request, as nginx does when the server behind it is down.</summary>
public static class OutageFault
{
    /// <summary>What nginx answers when its upstream is down, byte for byte.</summary>
    public const string NginxBadGatewayPage =
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

    /// <summary>The run status routes of both APIs: the client polls whichever its API mode picks.</summary>
    public static readonly string[] StatusRoutes = ["/v1/projects/{owner}/{project}/runs/{runId}", "/v4/jobs/{jobId}"];

    public static EmulatorFault BadGateway => EmulatorFault.Status(502, body: NginxBadGatewayPage);

    /// <summary>The core's first outage warning, in any front end.</summary>
    public static readonly Regex Warning = new(@"Domino answers 502 Bad Gateway[^\n]* for run (?<run>[0-9a-f]{24}); still waiting, giving up in ", RegexOptions.Compiled);
}
