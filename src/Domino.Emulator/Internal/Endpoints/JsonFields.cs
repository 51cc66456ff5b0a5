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
}
