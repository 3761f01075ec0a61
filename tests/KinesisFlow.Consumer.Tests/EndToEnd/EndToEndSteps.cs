using KinesisFlow.Consumer.Tests.Support;
using KinesisFlow.TestKit;

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
}
