using System.Text;
using Orchestron.Host.Configuration;

namespace Orchestron.Host.Tests.Documentation;

/// <summary>
/// docs/configuration.md lists every setting exactly as the catalogue behind <c>--help</c> defines it: names,
/// environment variable, appsettings key, accepted values and default. The table is generated from the catalogue;
/// this test fails when the two differ, and rewrites the table when run with ORCHESTRON_WRITE_DOCS=1.
/// </summary>
public sealed class SettingsDocumentationTests
{
    private const string Page = "configuration.md";
    private const string BlockName = "settings";

    [Fact]
    public void The_documented_settings_table_is_the_catalogues()
    {
        var expected = Table(OrchestronSettings.All);
        RepositoryDocs.WriteBlockIfAsked(Page, BlockName, expected);

        var documented = RepositoryDocs.Block(Page, BlockName);

        Assert.True(
            documented == expected,
            $"docs/{Page} does not match the settings catalogue (OrchestronSettings.All). Regenerate it with "
                + $"{RepositoryDocs.WriteVariable}=1 dotnet test tests/Orchestron.Host.Tests --filter {nameof(SettingsDocumentationTests)}, "
                + $"or paste:\n{expected}");
    }

    [Fact]
    public void Every_setting_appears_once_in_the_table()
    {
        var documented = RepositoryDocs.Block(Page, BlockName);

        foreach (var setting in OrchestronSettings.All)
        {
            Assert.Single(documented.Split('\n'), line => line.StartsWith($"| `{setting.Switch}` |", StringComparison.Ordinal));
        }
    }

    private static string Table(IEnumerable<SettingDefinition> settings)
    {
        var text = new StringBuilder();
        text.Append("| Switch | Environment | appsettings | Meaning | Accepted | Default |\n");
        text.Append("| --- | --- | --- | --- | --- | --- |\n");
        foreach (var setting in settings)
        {
            text.Append("| `").Append(setting.Switch).Append("` | `").Append(setting.EnvironmentVariable).Append("` | `")
                .Append(setting.AppSettingsPath).Append("` | ").Append(Cell(setting.Description)).Append(" | ")
                .Append(Cell(setting.Accepted)).Append(" | ").Append(Cell(setting.DefaultText)).Append(" |\n");
        }

        return text.ToString();
    }

    // Markdown tables end a cell at '|', and '<' would open an HTML tag.
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);
}
