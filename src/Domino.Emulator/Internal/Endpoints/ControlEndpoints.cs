using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Domino.Emulator.Internal.Endpoints;

/// <summary>The <c>/_emulator/</c> control endpoints: fault injection and request counts over HTTP. Mapped only when enabled.</summary>
internal sealed class ControlEndpoints
{
    public const string FaultsRoute = "/_emulator/faults";
    public const string RequestsRoute = "/_emulator/requests";

    private readonly EmulatorFaults _faults;
    private readonly RequestCounter _counter;

    public ControlEndpoints(EmulatorFaults faults, RequestCounter counter)
    {
        _faults = faults;
        _counter = counter;
    }

    public void Map(IEndpointRouteBuilder endpoints)
    {
        Http.Map(endpoints, "POST", FaultsRoute, AddFaultAsync);
        Http.Map(endpoints, "GET", FaultsRoute, ListFaultsAsync);
        Http.Map(endpoints, "DELETE", FaultsRoute, ClearFaultsAsync);
        Http.Map(endpoints, "GET", RequestsRoute, GetRequestsAsync);
        Http.Map(endpoints, "DELETE", RequestsRoute, ResetRequestsAsync);
    }

    private async Task AddFaultAsync(HttpContext context)
    {
        JsonDocument? document = await Http.ReadJsonOr400Async(context).ConfigureAwait(false);
        if (document is null)
        {
            return;
        }

        using (document)
        {
            (string? method, string? route, EmulatorFault? fault, int? count, string? error) = ParseFault(document.RootElement);
            if (error is not null)
            {
                await Http.WriteErrorAsync(context, StatusCodes.Status400BadRequest, error).ConfigureAwait(false);
                return;
            }

            if (count is { } times)
            {
                _faults.Add(method!, route!, fault!, times);
            }
            else
            {
                _faults.AddForever(method!, route!, fault!);
            }

            await Http.WriteJsonAsync(context, StatusCodes.Status201Created, Describe(), Json.Context.ListFaultDescription).ConfigureAwait(false);
        }
    }

    /// <summary>The fault a body describes; a null count is <c>"count": "forever"</c>.</summary>
    private static (string? Method, string? Route, EmulatorFault? Fault, int? Count, string? Error) ParseFault(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, null, null, 0, "The body must be a JSON object: {method, route, kind, status, retryAfterSeconds, delayMs, bytes, count, body}.");
        }

        string? method = GetString(root, "method");
        string? route = GetString(root, "route");
        string? kind = GetString(root, "kind");
        if (string.IsNullOrWhiteSpace(method) || string.IsNullOrWhiteSpace(route) || string.IsNullOrWhiteSpace(kind))
        {
            return (null, null, null, 0, "method, route and kind are required strings.");
        }

        double? status = GetNumber(root, "status");
        double? retryAfter = GetNumber(root, "retryAfterSeconds");
        double? delayMs = GetNumber(root, "delayMs");
        double? bytes = GetNumber(root, "bytes");
        bool forever = string.Equals(GetString(root, "count"), "forever", StringComparison.OrdinalIgnoreCase);
        double count = forever ? 1 : GetNumber(root, "count") ?? 1;
        string? body = GetString(root, "body");
        if (count < 1 || count != Math.Floor(count) || count > int.MaxValue)
        {
            return (null, null, null, 0, "count must be a positive integer, or \"forever\" for every matching request until the faults are cleared.");
        }

        try
        {
            EmulatorFault? fault = kind.ToUpperInvariant() switch
            {
                "STATUS" => status is null ? null : EmulatorFault.Status((int)status, retryAfter is null ? null : TimeSpan.FromSeconds(retryAfter.Value), body),
                "DELAY" => delayMs is null ? null : EmulatorFault.Delay(TimeSpan.FromMilliseconds(delayMs.Value)),
                "DROP" or "DROPCONNECTION" => EmulatorFault.DropConnection(),
                "TRUNCATE" or "TRUNCATEBODY" => bytes is null ? null : EmulatorFault.TruncateBody((int)bytes),
                "LOSEREPLY" => EmulatorFault.LoseReply(status is null ? 502 : (int)status),
                _ => throw new ArgumentException($"Unknown kind '{kind}': use status, delay, drop, truncate or loseReply."),
            };
            if (fault is null)
            {
                return (null, null, null, 0, "This kind needs its parameter: status needs status, delay needs delayMs, truncate needs bytes.");
            }

            return (method, route, fault, forever ? null : (int)count, null);
        }
        catch (ArgumentException ex)
        {
            return (null, null, null, 0, ex.Message);
        }
    }

    private Task ListFaultsAsync(HttpContext context) =>
        Http.WriteJsonAsync(context, StatusCodes.Status200OK, Describe(), Json.Context.ListFaultDescription);

    private Task ClearFaultsAsync(HttpContext context)
    {
        _faults.Clear();
        return Http.WriteErrorAsync(context, StatusCodes.Status200OK, "All faults cleared.");
    }

    private Task GetRequestsAsync(HttpContext context) =>
        Http.WriteJsonAsync(context, StatusCodes.Status200OK, _counter.Snapshot(), Json.Context.SortedDictionaryStringInt32);

    private Task ResetRequestsAsync(HttpContext context)
    {
        _counter.Reset();
        return Http.WriteErrorAsync(context, StatusCodes.Status200OK, "Request counts reset.");
    }

    private List<FaultDescription> Describe() =>
        _faults.Snapshot().Select(f => new FaultDescription(
            f.Method,
            f.Route,
            f.Fault.Kind switch
            {
                EmulatorFaultKind.Status => "status",
                EmulatorFaultKind.Delay => "delay",
                EmulatorFaultKind.DropConnection => "drop",
                EmulatorFaultKind.TruncateBody => "truncate",
                _ => "loseReply",
            },
            f.Fault.Kind is EmulatorFaultKind.Status or EmulatorFaultKind.LoseReply ? f.Fault.StatusCode : null,
            f.Fault.RetryAfter?.TotalSeconds,
            f.Fault.Kind == EmulatorFaultKind.Delay ? f.Fault.DelayDuration.TotalMilliseconds : null,
            f.Fault.Kind == EmulatorFaultKind.TruncateBody ? f.Fault.BytesToSend : null,
            f.Remaining,
            f.Remaining is null)).ToList();

    private static string? GetString(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double? GetNumber(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out JsonElement value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number => value.GetDouble(),
            JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) => parsed,
            _ => null,
        };
    }
}
