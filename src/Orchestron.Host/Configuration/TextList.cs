using System.Text.Json;

namespace Orchestron.Host.Configuration;

/// <summary>A list of strings written either as a JSON array or as comma-separated text.</summary>
internal static class TextList
{
    public static bool TryParse(string text, out IReadOnlyList<string> items, out string? error)
    {
        items = [];
        error = null;
        if (!text.StartsWith('['))
        {
            items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return true;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            var list = new List<string>();
            foreach (var element in document.RootElement.EnumerateArray())
            {
                if (element.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(element.GetString()))
                {
                    error = "every item of the JSON list must be a non-empty string";
                    return false;
                }

                list.Add(element.GetString()!.Trim());
            }

            items = list;
            return true;
        }
        catch (JsonException exception)
        {
            error = "not valid JSON: " + exception.Message;
            return false;
        }
    }
}
