using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace KinesisFlow.Cli.Tests;

/// <summary>The pure part of <c>status</c>: joining shards and leases, renewal ages, table and JSON.</summary>
public sealed class StatusSnapshotTests
{
    private static readonly DateTimeOffset TakenAt = new(2026, 11, 26, 20, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<string, RenewalAge> NoRenewals = [];

    // A stream resharded once: shard 0 split into 2 and 3 (done), shard 1 split into 4 and 5 (still draining).
    private static readonly StatusStreamShard[] Shards =
    [
        new("shardId-000000000000", [], IsClosed: true),
        new("shardId-000000000001", [], IsClosed: true),
        new("shardId-000000000002", ["shardId-000000000000"], IsClosed: false),
        new("shardId-000000000003", ["shardId-000000000000"], IsClosed: false),
        new("shardId-000000000004", ["shardId-000000000001"], IsClosed: false),
        new("shardId-000000000005", ["shardId-000000000001"], IsClosed: false),
    ];

    private static readonly StatusLease[] Leases =
    [
        new("shardId-000000000000", null, 40, "SHARD_END", [], null, null),
        new("shardId-000000000001", "worker-a", 41, "49650000000000000000000000000000000000000000000000012345", [], null, 62_000),
        new("shardId-000000000002", "worker-b", 7, "49650000000000000000000000000000000000000000000000099999", ["shardId-000000000000"], null, 0),
        new("shardId-000000000003", "worker-a", 9, "TRIM_HORIZON", ["shardId-000000000000"], "worker-b", 1_500),
        new("shardId-000000000004", "worker-b", 2, "TRIM_HORIZON", ["shardId-000000000001"], null, null),
        new("shardId-000000000005", null, 1, "TRIM_HORIZON", ["shardId-000000000001"], null, null),
        new("shardId-000000000099", null, 3, "SHARD_END", [], null, null),
    ];

    [Fact]
    public void Shard_states_follow_lineage_and_checkpoints()
    {
        var snapshot = StatusSnapshotBuilder.Build("flow-logs", "leases", TakenAt, Shards, Leases, NoRenewals);

        Assert.Equal(
            [
                ("shardId-000000000000", StatusShardState.Finished),
                ("shardId-000000000001", StatusShardState.Closed),
                ("shardId-000000000002", StatusShardState.Open),
                ("shardId-000000000003", StatusShardState.Open),
                ("shardId-000000000004", StatusShardState.WaitingOnParent),
                ("shardId-000000000005", StatusShardState.WaitingOnParent),
                ("shardId-000000000099", StatusShardState.Finished),
            ],
            snapshot.Shards.Select(row => (row.ShardId, row.State)));
        Assert.Equal(1, snapshot.UnownedLeases);
    }

    [Fact]
    public void A_shard_without_a_lease_and_a_lease_without_a_shard_both_show()
    {
        StatusStreamShard[] shards = [new("shardId-000000000000", [], false), new("shardId-000000000001", [], false)];
        StatusLease[] leases = [new("shardId-000000000000", "w", 1, "LATEST", [], null, null), new("shardId-000000000007", "w", 1, "LATEST", [], null, null)];

        var rows = StatusSnapshotBuilder.Build("s", "t", TakenAt, shards, leases, NoRenewals).Shards;

        Assert.False(rows[1].HasLease);
        Assert.Equal(StatusShardState.Open, rows[1].State);
        Assert.Equal(StatusShardState.NotInStream, rows[2].State);
    }

    [Fact]
    public void A_parent_without_a_lease_counts_as_trimmed()
    {
        StatusStreamShard[] shards = [new("shardId-000000000002", ["shardId-000000000000"], false)];
        StatusLease[] leases = [new("shardId-000000000002", "w", 1, "TRIM_HORIZON", ["shardId-000000000000"], null, null)];

        var row = Assert.Single(StatusSnapshotBuilder.Build("s", "t", TakenAt, shards, leases, NoRenewals).Shards);

        Assert.Equal(StatusShardState.Open, row.State);
    }

    [Fact]
    public void Workers_are_summarised_with_their_processing_shards_and_highest_lag()
    {
        var snapshot = StatusSnapshotBuilder.Build("flow-logs", "leases", TakenAt, Shards, Leases, NoRenewals);

        Assert.Equal(
            [new StatusWorkerRow("worker-a", 2, 2, 0, 62_000, 62_000), new StatusWorkerRow("worker-b", 2, 1, 1, 0, 0)],
            snapshot.Workers);
    }

    [Fact]
    public void The_lag_shown_is_the_owners_shard_lag_so_a_stuck_sink_shows_although_millis_behind_latest_is_zero()
    {
        // The owner's last read was caught up (MillisBehindLatest 0) but its sink has held events for 95 s.
        StatusStreamShard[] shards = [new("shardId-000000000000", [], false), new("shardId-000000000001", [], false)];
        StatusLease[] leases =
        [
            new("shardId-000000000000", "worker-a", 5, "LATEST", [], null, OwnerMillisBehindLatest: 0, OwnerShardLagMillis: 95_000),
            new("shardId-000000000001", "worker-a", 5, "LATEST", [], null, OwnerMillisBehindLatest: 1_500), // an older owner: no shard lag
        ];
        var snapshot = StatusSnapshotBuilder.Build("s", "t", TakenAt, shards, leases, NoRenewals);

        Assert.Equal([95_000L, 1_500L], snapshot.Shards.Select(row => row.LagMillis));
        Assert.Equal((1_500L, 95_000L), (snapshot.Workers[0].MaxMillisBehindLatest, snapshot.Workers[0].MaxLagMillis));

        using var text = new StringWriter();
        StatusTableRenderer.Render(snapshot, text);
        var lines = text.ToString().Split('\n');
        Assert.Matches("^shardId-000000000000 +open +worker-a +LATEST +1m35s +-$", lines[3]);
        Assert.Matches("^shardId-000000000001 +open +worker-a +LATEST +1.5s +-$", lines[4]);
        Assert.Contains(lines, line => System.Text.RegularExpressions.Regex.IsMatch(line, "^worker-a +2 +2 +0 +1m35s$"));

        using var buffer = new MemoryStream();
        StatusJsonWriter.Write(snapshot, buffer, indented: false);
        using var json = JsonDocument.Parse(buffer.ToArray());
        var first = json.RootElement.GetProperty("shards")[0];
        Assert.Equal((0L, 95_000L), (first.GetProperty("ownerMillisBehindLatest").GetInt64(), first.GetProperty("ownerShardLagMillis").GetInt64()));
        Assert.Equal(95_000, json.RootElement.GetProperty("workers")[0].GetProperty("maxShardLagMillis").GetInt64());
    }

    [Fact]
    public void Renewal_ages_come_only_from_this_commands_own_refreshes()
    {
        var time = new FakeTimeProvider();
        var observer = new StatusRenewalObserver(time);
        StatusLease Lease(long counter) => new("shardId-000000000001", "worker-a", counter, "LATEST", [], null, null);

        Assert.True(observer.Observe([Lease(10)])["shardId-000000000001"].IsUnknown);

        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(new RenewalAge(TimeSpan.FromSeconds(5), null), observer.Observe([Lease(10)])["shardId-000000000001"]);

        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(new RenewalAge(TimeSpan.Zero, TimeSpan.FromSeconds(5)), observer.Observe([Lease(11)])["shardId-000000000001"]);

        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(new RenewalAge(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)), observer.Observe([Lease(11)])["shardId-000000000001"]);
    }

    [Fact]
    public void A_lease_whose_owner_keeps_a_heartbeat_counts_as_renewed_whenever_the_heartbeat_moves()
    {
        var time = new FakeTimeProvider();
        var observer = new StatusRenewalObserver(time);
        StatusLease Lease(long heartbeat) => new("shardId-000000000001", "worker-a", 10, "LATEST", [], null, null, OwnerHeartbeat: heartbeat);
        observer.Observe([Lease(1)]);

        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(new RenewalAge(TimeSpan.Zero, TimeSpan.FromSeconds(5)), observer.Observe([Lease(2)])["shardId-000000000001"]);

        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(new RenewalAge(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)), observer.Observe([Lease(2)])["shardId-000000000001"]);
    }

    [Fact]
    public void An_unowned_lease_has_no_renewal_age()
    {
        var observer = new StatusRenewalObserver(new FakeTimeProvider());

        Assert.Empty(observer.Observe([new StatusLease("shardId-000000000001", null, 3, "LATEST", [], null, null)]));
    }

    [Fact]
    public void The_table_shows_every_shard_its_owner_checkpoint_tail_lag_and_renewal_and_a_worker_summary()
    {
        var renewals = new Dictionary<string, RenewalAge>
        {
            ["shardId-000000000001"] = new(TimeSpan.FromSeconds(35), null),
            ["shardId-000000000002"] = new(TimeSpan.Zero, TimeSpan.FromSeconds(5)),
            ["shardId-000000000003"] = new(TimeSpan.Zero, null),
        };
        var snapshot = StatusSnapshotBuilder.Build("flow-logs", "leases", TakenAt, Shards, Leases, renewals);
        using var text = new StringWriter();

        StatusTableRenderer.Render(snapshot, text);
        var lines = text.ToString().Split('\n');

        Assert.StartsWith("Stream flow-logs · lease table leases · 7 shard(s): 2 open, 1 closed, 2 finished, 2 waiting on parent · 2 worker(s) · 2026-11-26 20:00:00 UTC", lines[0], StringComparison.Ordinal);
        Assert.Matches("^SHARD +STATE +OWNER +CHECKPOINT +LAG +RENEWED$", lines[2]);
        Assert.Matches("^shardId-000000000000 +finished +\\(none\\) +SHARD_END +- +-$", lines[3]);
        Assert.Matches("^shardId-000000000001 +closed +worker-a +…000000012345 +1m02s +>35s ago$", lines[4]);
        Assert.Matches("^shardId-000000000002 +open +worker-b +…000000099999 +0ms +<5s ago$", lines[5]);
        Assert.Matches("^shardId-000000000003 +open, handover from worker-b +worker-a +TRIM_HORIZON +1.5s +\\?$", lines[6]);
        Assert.Matches("^shardId-000000000004 +waiting on shardId-000000000001 +worker-b", lines[7]);
        Assert.Contains(lines, line => System.Text.RegularExpressions.Regex.IsMatch(line, "^worker-a +2 +2 +0 +1m02s$"));
        Assert.Contains(lines, line => System.Text.RegularExpressions.Regex.IsMatch(line, "^worker-b +2 +1 +1 +0ms$"));
        Assert.Contains("1 unfinished lease(s) have no owner", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("'?' until the second one", text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Json_carries_full_sequence_numbers_states_and_renewal_bounds()
    {
        var renewals = new Dictionary<string, RenewalAge> { ["shardId-000000000002"] = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)) };
        var snapshot = StatusSnapshotBuilder.Build("flow-logs", "leases", TakenAt, Shards, Leases, renewals);
        using var buffer = new MemoryStream();

        StatusJsonWriter.Write(snapshot, buffer, indented: false);

        var line = Encoding.UTF8.GetString(buffer.ToArray());
        Assert.DoesNotContain('\n', line);
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.Equal("flow-logs", root.GetProperty("stream").GetString());
        Assert.Equal(1, root.GetProperty("unownedLeases").GetInt32());
        var shard2 = root.GetProperty("shards")[2];
        Assert.Equal("open", shard2.GetProperty("state").GetString());
        Assert.Equal("49650000000000000000000000000000000000000000000000099999", shard2.GetProperty("checkpoint").GetString());
        Assert.Equal(5, shard2.GetProperty("counterUnchanged").GetProperty("atLeastSeconds").GetDouble());
        Assert.Equal(10, shard2.GetProperty("counterUnchanged").GetProperty("atMostSeconds").GetDouble());
        Assert.Equal("waiting_on_parent", root.GetProperty("shards")[4].GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("shards")[0].GetProperty("owner").ValueKind);
        Assert.Equal(62_000, root.GetProperty("workers")[0].GetProperty("maxMillisBehindLatest").GetInt64());
    }

    [Theory]
    [InlineData(0, "0ms")]
    [InlineData(850, "850ms")]
    [InlineData(4_250, "4.2s")]
    [InlineData(42_000, "42s")]
    [InlineData(125_000, "2m05s")]
    [InlineData(3_720_000, "1h02m")]
    [InlineData(273_600_000, "3d04h")]
    public void Durations_are_compact(long millis, string expected) =>
        Assert.Equal(expected, StatusTableRenderer.FormatDuration(TimeSpan.FromMilliseconds(millis), precise: true));
}
