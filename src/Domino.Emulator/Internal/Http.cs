using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Domino.Emulator.Internal;

/// <summary>Endpoint metadata: the documented route template a request counts and faults against, and whether it needs credentials.</summary>
internal sealed record EmulatorRoute(string Template, bool Anonymous);

/// <summary>Small helpers for writing responses and mapping endpoints.</summary>
internal static class Http
{
    public const string JsonContentType = "application/json; charset=utf-8";

    public static async Task WriteJsonAsync<T>(HttpContext context, int status, T value, JsonTypeInfo<T> typeInfo)
    {
        byte[] bytes = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
        context.Response.StatusCode = status;
        context.Response.ContentType = JsonContentType;
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    public static Task WriteErrorAsync(HttpContext context, int status, string message) =>
        WriteJsonAsync(context, status, new MessageResponse(message), Json.Context.MessageResponse);

    /// <summary>Streams a file as the 200 answer: raw bytes, <c>application/octet-stream</c>, with its Content-Length.</summary>
    public static async Task WriteFileAsync(HttpContext context, string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/octet-stream";
            context.Response.ContentLength = stream.Length;
            await stream.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>Parses the request body as JSON; when it is not JSON, answers 400 naming the problem and returns null.</summary>
    public static async Task<JsonDocument?> ReadJsonOr400Async(HttpContext context)
    {
        try
        {
            return await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "Malformed JSON body: " + ex.Message).ConfigureAwait(false);
            return null;
        }
    }

    public static Task InvalidIdAsync(HttpContext context, string id) =>
        WriteErrorAsync(context, StatusCodes.Status400BadRequest, $"{id} is not a valid ID");

    public static void Map(IEndpointRouteBuilder endpoints, string method, string pattern, RequestDelegate handler, string? template = null, bool anonymous = false) =>
        endpoints.MapMethods(pattern, [method], handler).WithMetadata(new EmulatorRoute(template ?? pattern, anonymous));

    public static string RouteValue(HttpContext context, string name) =>
        Convert.ToString(context.Request.RouteValues[name], CultureInfo.InvariantCulture) ?? "";

    /// <summary><c>scheme://host[:port]</c> as the client addressed the server.</summary>
    public static string Origin(HttpContext context) => context.Request.Scheme + "://" + context.Request.Host.ToUriComponent();

    public static string Escape(string segment) => Uri.EscapeDataString(segment);
}
