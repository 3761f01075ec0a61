using System.Text.Json;

namespace KinesisFlow.FlowLogs.Tests.Support;

/// <summary>The files under TestData/ (copied next to the test assembly).</summary>
internal static class TestFiles
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    public static JsonDocument Json(string name) =>
        JsonDocument.Parse(File.ReadAllText(PathOf(name)), new JsonDocumentOptions { AllowTrailingCommas = true });
}
