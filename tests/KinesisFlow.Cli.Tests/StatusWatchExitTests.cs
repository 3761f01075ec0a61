namespace KinesisFlow.Cli.Tests;

/// <summary><c>status --watch</c> ends on Ctrl-C with exit code 130, as shells report an interrupted command.</summary>
public sealed class StatusWatchExitTests
{
    [Fact]
    public async Task Ctrl_c_ends_a_watch_with_exit_code_130()
    {
        using var interrupt = new CancellationTokenSource();
        using var source = new InterruptAfterFirstRead(interrupt);
        var settings = new StatusSettings("flows", "flows-leases", null, null, "eu-west-1", Json: true, Watch: true, Interval: TimeSpan.FromHours(1));
        using var stdout = new MemoryStream();

        var exitCode = await StatusRunner.RunAsync(settings, source, TimeProvider.System, stdout, TextWriter.Null, redrawInPlace: false, interrupt.Token);

        Assert.Equal(130, exitCode);
        Assert.True(stdout.Length > 0, "the first snapshot was written before the interrupt");
    }

    /// <summary>An empty stream and table; Ctrl-C arrives while the watch waits for its next refresh.</summary>
    private sealed class InterruptAfterFirstRead(CancellationTokenSource interrupt) : IStatusSource
    {
        public Task<(IReadOnlyList<StatusStreamShard> Shards, IReadOnlyList<StatusLease> Leases)> ReadAsync(CancellationToken cancellationToken)
        {
            interrupt.CancelAfter(TimeSpan.FromMilliseconds(50));
            return Task.FromResult<(IReadOnlyList<StatusStreamShard>, IReadOnlyList<StatusLease>)>(([], []));
        }

        public void Dispose()
        {
        }
    }
}
