using System.Diagnostics;
using System.Text.Json;
using KinesisFlow.Emulators;
using KinesisFlow.TestKit;

namespace KinesisFlow.Cli.Tests;

/// <summary>
/// <c>kinesisflow status</c> run as a process against kinesis-mock and dynalite, over a lease table written with the
/// KCL 2.x item shape (as a KCL application or KinesisFlow leaves it) and KinesisFlow's heartbeat items, which carry the
/// lag each worker reports for the shards it processes.
/// </summary>
public sealed class StatusCommandTests(KinesisMockFixture kinesis, DynaliteFixture dynamo)
    : IClassFixture<KinesisMockFixture>, IClassFixture<DynaliteFixture>
{
    private const string Shard0 = "shardId-000000000000";
    private const string Shard1 = "shardId-000000000001";
    private const string Shard2 = "shardId-000000000002";
    private const string Shard3 = "shardId-000000000003";
    private const string Shard4 = "shardId-000000000004";
    private const string Checkpoint1 = "49660000000000000000000000000000000000000000000000000017";

    private EmulatorApiClient DynamoApi => new(dynamo.Emulator);

    [Fact]
    public async Task Json_shows_states_owners_checkpoints_and_lag_from_a_resharded_stream_and_its_leases()
    {
        var (stream, table) = await CreateStreamAndLeasesAsync();

        var (exit, stdout, stderr) = await StatusProcess.RunAsync(Arguments(stream, table, "--output", "json"));

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var shards = json.RootElement.GetProperty("shards").EnumerateArray().ToDictionary(s => s.GetProperty("shardId").GetString()!);
        Assert.Equal([Shard0, Shard1, Shard2, Shard3, Shard4], shards.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("finished", shards[Shard0].GetProperty("state").GetString());
        Assert.Equal("open", shards[Shard1].GetProperty("state").GetString());
        Assert.Equal("worker-a", shards[Shard1].GetProperty("owner").GetString());
        Assert.Equal(Checkpoint1, shards[Shard1].GetProperty("checkpoint").GetString());
        Assert.Equal(1_500, shards[Shard1].GetProperty("ownerMillisBehindLatest").GetInt64());
        Assert.Equal(61_000, shards[Shard1].GetProperty("ownerShardLagMillis").GetInt64());
        Assert.Equal(12, shards[Shard1].GetProperty("leaseCounter").GetInt64());
        Assert.Equal("open", shards[Shard2].GetProperty("state").GetString());
        Assert.Equal("worker-b", shards[Shard2].GetProperty("owner").GetString());

        // Lag is joined by shard and owner: worker-a's stale figure for worker-b's shard is not shown, worker-b reports
        // nothing, and worker-a nothing for shard 3 (not processing it yet): unknown.
        Assert.Equal(JsonValueKind.Null, shards[Shard2].GetProperty("ownerShardLagMillis").ValueKind);
        Assert.Equal(JsonValueKind.Null, shards[Shard2].GetProperty("ownerMillisBehindLatest").ValueKind);
        Assert.Equal(JsonValueKind.Null, shards[Shard3].GetProperty("ownerShardLagMillis").ValueKind);
        Assert.Equal("open", shards[Shard3].GetProperty("state").GetString()); // its parent reached SHARD_END
        Assert.Equal([Shard0], shards[Shard3].GetProperty("parentShardIds").EnumerateArray().Select(p => p.GetString()));
        Assert.False(shards[Shard4].GetProperty("hasLease").GetBoolean());
        Assert.Equal(JsonValueKind.Null, shards[Shard1].GetProperty("counterUnchanged").ValueKind); // one refresh: unknown

        var workers = json.RootElement.GetProperty("workers").EnumerateArray().ToDictionary(w => w.GetProperty("workerId").GetString()!);
        Assert.Equal(2, workers["worker-a"].GetProperty("leases").GetInt32());
        Assert.Equal(1_500, workers["worker-a"].GetProperty("maxMillisBehindLatest").GetInt64());
        Assert.Equal(61_000, workers["worker-a"].GetProperty("maxShardLagMillis").GetInt64());
        Assert.Equal(1, workers["worker-b"].GetProperty("leases").GetInt32());
        Assert.Equal(JsonValueKind.Null, workers["worker-b"].GetProperty("maxShardLagMillis").ValueKind);
    }

    [Fact]
    public async Task The_table_lists_every_shard_and_a_worker_summary()
    {
        var (stream, table) = await CreateStreamAndLeasesAsync();

        var (exit, stdout, stderr) = await StatusProcess.RunAsync(Arguments(stream, table));

        Assert.True(exit == 0, stderr);
        var lines = stdout.Split('\n');
        Assert.StartsWith($"Stream {stream} · lease table {table} · 5 shard(s): 4 open, 0 closed, 1 finished, 0 waiting on parent · 2 worker(s)", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, line => System.Text.RegularExpressions.Regex.IsMatch(line, $"^{Shard1} +open +worker-a +…000000000017 +1m01s +\\?$"));
        Assert.Contains(lines, line => System.Text.RegularExpressions.Regex.IsMatch(line, $"^{Shard4} +open +\\(no lease\\) +- +- +-$"));
        Assert.Contains(lines, line => System.Text.RegularExpressions.Regex.IsMatch(line, "^worker-a +2 +2 +0 +1m01s$"));
    }

    [Fact]
    public async Task Watch_measures_how_long_a_lease_counter_stays_unchanged_across_its_own_refreshes()
    {
        var (stream, table) = await CreateStreamAndLeasesAsync();
        using var process = Process.Start(StatusProcess.StartInfo(Arguments(stream, table, "--json", "--watch", "--interval", "0.5")))!;
        try
        {
            using var first = JsonDocument.Parse(await ReadLineAsync(process));
            Assert.Equal(JsonValueKind.Null, ShardOf(first, Shard1).GetProperty("counterUnchanged").ValueKind);

            using var second = JsonDocument.Parse(await ReadLineAsync(process));
            var unchanged = ShardOf(second, Shard1).GetProperty("counterUnchanged");
            Assert.True(unchanged.GetProperty("atLeastSeconds").GetDouble() >= 0.5);
            Assert.Equal(JsonValueKind.Null, unchanged.GetProperty("atMostSeconds").ValueKind);

            // The owner renews: the counter moves, and the next refresh bounds the time since the renewal.
            await PutLeaseAsync(table, Shard1, "worker-a", counter: 13, Checkpoint1, []);
            JsonElement renewed;
            do
            {
                using var next = JsonDocument.Parse(await ReadLineAsync(process));
                renewed = ShardOf(next, Shard1).Clone();
            }
            while (renewed.GetProperty("leaseCounter").GetInt64() != 13);

            var bounds = renewed.GetProperty("counterUnchanged");
            Assert.Equal(0, bounds.GetProperty("atLeastSeconds").GetDouble());
            Assert.InRange(bounds.GetProperty("atMostSeconds").GetDouble(), 0.5, 30);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task A_missing_lease_table_is_one_clear_line_and_exit_code_1()
    {
        var stream = await kinesis.Streams.CreateUniqueAsync(1, "status");

        var (exit, stdout, stderr) = await StatusProcess.RunAsync(Arguments(stream, "no-such-table"));

        Assert.Equal(1, exit);
        Assert.Empty(stdout);
        Assert.StartsWith("status: lease table 'no-such-table' not found", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_stream_is_one_clear_line_and_exit_code_1()
    {
        var table = await CreateLeaseTableAsync();

        var (exit, _, stderr) = await StatusProcess.RunAsync(Arguments("no-such-stream", table));

        Assert.Equal(1, exit);
        Assert.StartsWith("status: stream 'no-such-stream' not found", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_required_options_are_a_usage_error()
    {
        var (exit, _, stderr) = await StatusProcess.RunAsync("status", "--stream", "s");

        Assert.NotEqual(0, exit);
        Assert.Contains("--lease-table", stderr, StringComparison.Ordinal);
    }

    private string[] Arguments(string stream, string table, params string[] extra) =>
    [
        "status", "--stream", stream, "--lease-table", table,
        "--endpoint-url", kinesis.Endpoint.ToString(), "--dynamodb-endpoint-url", dynamo.Endpoint.ToString(), .. extra,
    ];

    private static JsonElement ShardOf(JsonDocument snapshot, string shardId) =>
        snapshot.RootElement.GetProperty("shards").EnumerateArray().Single(s => s.GetProperty("shardId").GetString() == shardId);

    private static async Task<string> ReadLineAsync(Process process)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await process.StandardOutput.ReadLineAsync(timeout.Token)
            ?? throw new InvalidOperationException("status exited: " + await process.StandardError.ReadToEndAsync(timeout.Token));
    }

    /// <summary>
    /// A 3-shard stream whose shard 0 was split into 3 and 4; leases: 0 finished, 1 and 3 held by worker-a, 2 by
    /// worker-b, 4 not created yet. worker-a's heartbeat reports shard 1's lag (and a stale one of shard 2); worker-b's
    /// reports none.
    /// </summary>
    private async Task<(string Stream, string Table)> CreateStreamAndLeasesAsync()
    {
        var stream = await kinesis.Streams.CreateUniqueAsync(3, "status");
        await kinesis.Api.CallAsync("SplitShard", new
        {
            StreamName = stream,
            ShardToSplit = Shard0,
            NewStartingHashKey = "56713727820156410577229101238628035242", // the middle of shard 0 of 3
        });
        await kinesis.Streams.WaitUntilActiveAsync(stream);

        var table = await CreateLeaseTableAsync();
        await PutLeaseAsync(table, Shard0, owner: null, counter: 40, "SHARD_END", []);
        await PutLeaseAsync(table, Shard1, "worker-a", counter: 12, Checkpoint1, []);
        await PutLeaseAsync(table, Shard2, "worker-b", counter: 7, "TRIM_HORIZON", []);
        await PutLeaseAsync(table, Shard3, "worker-a", counter: 2, "TRIM_HORIZON", [Shard0]);
        await PutHeartbeatAsync(table, "worker-a", (Shard1, 1_500, 61_000), (Shard2, 9_000, 9_000));
        await PutHeartbeatAsync(table, "worker-b");
        return (stream, table);
    }

    private async Task<string> CreateLeaseTableAsync()
    {
        var table = EmulatorFixture.UniqueName("leases");
        await DynamoApi.CallAsync("CreateTable", new
        {
            TableName = table,
            AttributeDefinitions = new[] { new { AttributeName = "leaseKey", AttributeType = "S" } },
            KeySchema = new[] { new { AttributeName = "leaseKey", KeyType = "HASH" } },
            BillingMode = "PAY_PER_REQUEST",
        });
        await Eventually.WaitUntilAsync(
            async ct => (await DynamoApi.CallAsync("DescribeTable", new { TableName = table }, ct))
                .GetProperty("Table").GetProperty("TableStatus").GetString() == "ACTIVE",
            TimeSpan.FromSeconds(30),
            $"table {table} to become ACTIVE");
        return table;
    }

    private async Task PutLeaseAsync(string table, string shardId, string? owner, long counter, string checkpoint, string[] parents)
    {
        // The KCL 2.x item shape.
        var item = new Dictionary<string, object>
        {
            ["leaseKey"] = new { S = shardId },
            ["leaseCounter"] = new { N = counter.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ["checkpoint"] = new { S = checkpoint },
            ["checkpointSubSequenceNumber"] = new { N = "0" },
            ["ownerSwitchesSinceCheckpoint"] = new { N = "0" },
        };
        if (owner is not null)
        {
            item["leaseOwner"] = new { S = owner };
        }

        if (parents.Length > 0)
        {
            item["parentShardId"] = new { SS = parents };
        }

        await DynamoApi.CallAsync("PutItem", new { TableName = table, Item = item });
    }

    /// <summary>A worker's heartbeat item as docs/leases.md describes it, with its lag report (shard, MillisBehindLatest, shard lag).</summary>
    private async Task PutHeartbeatAsync(string table, string workerId, params (string Shard, long Behind, long Lag)[] lags)
    {
        static object Number(long value) => new { N = value.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var item = new Dictionary<string, object>
        {
            ["leaseKey"] = new { S = "heartbeat#" + workerId },
            ["entityType"] = new { S = "KINESISFLOW_HEARTBEAT" },
            ["workerId"] = new { S = workerId },
            ["heartbeatCounter"] = Number(5),
        };
        if (lags.Length > 0)
        {
            item["shardLags"] = new { M = lags.ToDictionary(lag => lag.Shard, lag => (object)new { L = new[] { Number(lag.Behind), Number(lag.Lag) } }) };
            item["lagReportedAt"] = Number(1_800_000_000_000);
        }

        await DynamoApi.CallAsync("PutItem", new { TableName = table, Item = item });
    }
}
