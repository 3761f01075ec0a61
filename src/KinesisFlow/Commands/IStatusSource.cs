namespace KinesisFlow.Cli;

/// <summary>Where <c>status</c> reads the stream's shards and the lease table from.</summary>
internal interface IStatusSource : IDisposable
{
    Task<(IReadOnlyList<StatusStreamShard> Shards, IReadOnlyList<StatusLease> Leases)> ReadAsync(CancellationToken cancellationToken);
}
