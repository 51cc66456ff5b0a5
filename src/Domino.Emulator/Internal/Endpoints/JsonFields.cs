using System.Text.Json;

namespace Domino.Emulator.Internal.Endpoints;

/// <summary>Reading optional fields of a JSON request body.</summary>
internal static class JsonFields
{
    public static bool TryGetOptionalString(JsonElement root, string name, out string? value)
    {
        value = null;
        if (!root.TryGetProperty(name, out JsonElement element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        value = element.GetString();
        return true;
    }

    /// <summary>The field when present and not null; false when it has another JSON kind than <paramref name="kind"/>.</summary>
    public static bool TryGetOptional(JsonElement root, string name, JsonValueKind kind, out JsonElement? value)
    {
        value = null;
        if (!root.TryGetProperty(name, out JsonElement element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != kind)
        {
            return false;
        }

        value = element;
        return true;
    }

    /// <summary>A boolean field, <paramref name="fallback"/> when missing or null; false when it is not a boolean.</summary>
    public static bool TryGetOptionalBool(JsonElement root, string name, bool fallback, out bool value)
    {
        value = fallback;
        if (!root.TryGetProperty(name, out JsonElement element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return false;
        }

        value = element.GetBoolean();
        return true;
    }
}
