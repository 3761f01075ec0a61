using KinesisFlow.Consumer.Tests.Support;
using KinesisFlow.TestKit;
using KinesisFlow.TestKit.Shapes;

namespace KinesisFlow.Consumer.Tests.EndToEnd;

/// <summary>The steps every end-to-end test takes: produce with a manifest, then wait until the sinks hold every event.</summary>
internal static class EndToEndSteps
{
    /// <summary>Runs <c>kinesisflow produce</c> to completion and returns what its manifest lists.</summary>
    public static async Task<List<ProducedEvent>> ProduceAsync(Uri kinesis, string stream, int count, string manifest, TimeSpan timeout, params string[] more)
    {
        await using var produce = await KinesisFlowProcess.RunAsync(timeout, WorkerArguments.Produce(kinesis, stream, count, manifest, more));
        Assert.True(produce.ExitCode == 0, produce.Log);
        return DeliveredEvents.ReadManifest(manifest);
    }

    /// <summary>Waits (bounded) until the file sinks hold every produced event, or a worker died; the failure message carries the workers' logs.</summary>
    public static Task WaitForAllAsync(IEnumerable<ProducedEvent> produced, string[] sinks, TimeSpan timeout, params KinesisFlowProcess[] workers) =>
        WaitForAllAsync(produced, () => DeliveredEvents.Read(sinks).Select(e => e.EventId), timeout, workers);

    /// <summary>The same, for events seen elsewhere (e.g. an HTTP intake).</summary>
    public static Task WaitForAllAsync(IEnumerable<ProducedEvent> produced, Func<IEnumerable<string>> deliveredIds, TimeSpan timeout, params KinesisFlowProcess[] workers)
    {
        var expected = produced.Select(e => e.EventId).ToHashSet();
        return Eventually.WaitUntilAsync(
            () => expected.IsSubsetOf(deliveredIds()) || workers.Any(w => w.HasExited),
            timeout,
            $"all {expected.Count} events delivered; logs:\n{string.Join("\n---\n", workers.Select(w => w.Log))}");
    }

    /// <summary>
    /// Waits (bounded) until the file sinks (<c>json</c> output) hold every event of <paramref name="backlog"/>, then until
    /// the lease table has every shard checkpointed at its last sequence number, or a worker died. Returns the check
    /// (duplicates and foreign ids counted); the failure message says what was missing and carries the workers' logs.
    /// </summary>
    public static async Task<DeliveryCheck> WaitForBacklogAsync(
        Backlog backlog, string[] sinks, LeaseTable leases, TimeSpan timeout, params KinesisFlowProcess[] workers)
    {
        var check = backlog.NewDeliveryCheck();
        IReadOnlyList<string> mismatches = ["not read yet"];
        try
        {
            await Eventually.WaitUntilAsync(
                () =>
                {
                    foreach (var sink in sinks)
                    {
                        check.ReadNdjson(sink);
                    }

                    return check.AllDelivered || workers.Any(w => w.HasExited);
                },
                timeout,
                "every event of the backlog delivered");
            Assert.False(workers.Any(w => w.HasExited), $"a worker exited before the backlog was delivered: {check.Describe()}; logs:\n{string.Join("\n---\n", workers.Select(w => w.Log))}");
            await Eventually.WaitUntilAsync(
                async _ =>
                {
                    mismatches = backlog.CheckpointMismatches(await leases.CheckpointsAsync());
                    return mismatches.Count == 0 || workers.Any(w => w.HasExited);
                },
                timeout,
                "every shard checkpointed at its last sequence number");
        }
        catch (TimeoutException timedOut)
        {
            throw new TimeoutException($"{timedOut.Message} {check.Describe()}; checkpoints: {string.Join("; ", mismatches)}; logs:\n{string.Join("\n---\n", workers.Select(w => w.Log))}", timedOut);
        }

        Assert.True(check.AllDelivered, $"{check.Describe()}; logs:\n{string.Join("\n---\n", workers.Select(w => w.Log))}");
        Assert.True(mismatches.Count == 0, string.Join("; ", mismatches));
        return check;
    }
}
