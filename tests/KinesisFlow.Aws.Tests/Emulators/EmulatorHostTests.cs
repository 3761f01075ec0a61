using KinesisFlow.Emulators;
using KinesisFlow.TestKit;

namespace KinesisFlow.Aws.Tests.Emulators;

public sealed class EmulatorHostTests
{
    [Fact]
    public async Task Kinesalite_starts_answers_and_stops_on_dispose()
    {
        var kinesalite = await EmulatorHost.StartKinesaliteAsync();
        var api = new EmulatorApiClient(kinesalite);

        var streams = await api.CallAsync("ListStreams", new { });

        Assert.False(streams.GetProperty("HasMoreStreams").GetBoolean());
        Assert.Equal(EmulatorKind.Kinesalite, kinesalite.Kind);
        Assert.False(kinesalite.HasExited);

        await kinesalite.DisposeAsync();

        Assert.True(kinesalite.HasExited);
        await Assert.ThrowsAsync<HttpRequestException>(() => api.CallAsync("ListStreams", new { }));
    }

    [Fact]
    public async Task Dynalite_starts_and_answers_DynamoDB_calls()
    {
        await using var dynalite = await EmulatorHost.StartDynaliteAsync();
        var api = new EmulatorApiClient(dynalite);

        var tables = await api.CallAsync("ListTables", new { });

        Assert.Equal(0, tables.GetProperty("TableNames").GetArrayLength());
    }

    [Fact]
    public async Task Two_emulators_of_one_kind_run_apart_and_stopping_one_leaves_the_others_running()
    {
        await using var first = await EmulatorHost.StartKinesaliteAsync();
        await using var second = await EmulatorHost.StartKinesaliteAsync();
        await using var dynalite = await EmulatorHost.StartDynaliteAsync();
        Assert.NotEqual(first.Endpoint.Port, second.Endpoint.Port);
        Assert.NotEqual(first.ProcessId, second.ProcessId);

        var name = await new KinesisTestStreams(new EmulatorApiClient(first)).CreateUniqueAsync(shardCount: 2);
        var secondStreams = await new EmulatorApiClient(second).CallAsync("ListStreams", new { });
        Assert.DoesNotContain(secondStreams.GetProperty("StreamNames").EnumerateArray(), s => s.GetString() == name);

        await first.DisposeAsync();

        Assert.True(first.HasExited);
        Assert.False(second.HasExited);
        Assert.False(dynalite.HasExited);
        await new EmulatorApiClient(second).CallAsync("ListStreams", new { });
        await new EmulatorApiClient(dynalite).CallAsync("ListTables", new { });
    }

    [Fact]
    public async Task Disposing_twice_is_harmless()
    {
        var dynalite = await EmulatorHost.StartDynaliteAsync();

        await dynalite.DisposeAsync();
        await dynalite.DisposeAsync();

        Assert.True(dynalite.HasExited);
    }

    [Fact]
    public async Task A_missing_node_executable_fails_with_a_message_that_says_so()
    {
        var options = new KinesaliteOptions { NodePath = "kinesisflow-no-such-node-executable" };

        var error = await Assert.ThrowsAsync<EmulatorStartException>(() => EmulatorHost.StartKinesaliteAsync(options));

        Assert.Contains("Node.js", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unusable_settings_are_refused_by_name_before_anything_starts()
    {
        var shards = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => EmulatorHost.StartKinesisMockAsync(new KinesisMockOptions { ShardLimit = 0 }));
        var timeout = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => EmulatorHost.StartDynaliteAsync(new DynaliteOptions { StartTimeout = TimeSpan.Zero }));

        Assert.Equal("ShardLimit", shards.ParamName);
        Assert.Equal("StartTimeout", timeout.ParamName);
    }

    [Fact]
    public async Task A_folder_without_the_packages_fails_with_a_message_naming_the_missing_file()
    {
        using var empty = new TempDirectory();

        var error = await Assert.ThrowsAsync<EmulatorStartException>(
            () => EmulatorHost.StartDynaliteAsync(new DynaliteOptions { EmulatorsDirectory = empty.Path }));

        Assert.Contains("package.json", error.Message, StringComparison.Ordinal);
        Assert.Contains(empty.Path, error.Message, StringComparison.Ordinal);
    }
}
