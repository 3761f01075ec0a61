using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using KinesisFlow.Aws;
using KinesisFlow.Coordination.Leases;
using Microsoft.Extensions.Logging;

namespace KinesisFlow.Leases.DynamoDb;

/// <summary>
/// The lease table as a process opens it: its DynamoDB client (<see cref="LeaseTableClientFactory"/>), the lease store
/// over it, and the client's lifetime. Callers outside the AWS-facing projects see KinesisFlow types only: reading the
/// whole table (<see cref="ListAsync"/>, for <c>status</c> and the demo) fails with a <see cref="LeaseTableException"/>.
/// </summary>
public sealed class LeaseTableConnection : IDisposable
{
    private readonly IDisposable _client;

    private LeaseTableConnection(IDisposable client, DynamoDbLeaseStore store)
    {
        _client = client;
        Store = store;
    }

    public DynamoDbLeaseStore Store { get; }

    /// <param name="aws">The AWS options; their ServiceUrl is the DynamoDB endpoint (null: the region's).</param>
    /// <param name="table">The table's name and whether it may be created.</param>
    /// <param name="time">The store's clock.</param>
    /// <param name="logger">The store's logger.</param>
    public static LeaseTableConnection Open(AwsClientOptions aws, DynamoDbLeaseTableOptions table, TimeProvider? time = null, ILogger<DynamoDbLeaseStore>? logger = null)
    {
        var client = LeaseTableClientFactory.Create(aws);
        return new LeaseTableConnection(client, new DynamoDbLeaseStore(client, table, time, logger));
    }

    /// <summary>Every lease of the table (read only); a missing table, a refusal or an unreachable endpoint is a <see cref="LeaseTableException"/>.</summary>
    public Task<IReadOnlyList<Lease>> ListAsync(CancellationToken cancellationToken) => ReadAsync(() => Store.ListAsync(cancellationToken));

    /// <summary>Every lease and worker heartbeat (read only, eventually consistent); faults as for <see cref="ListAsync"/>.</summary>
    public Task<LeaseTableScan> ScanAsync(CancellationToken cancellationToken) => ReadAsync(() => Store.ScanAsync(cancellationToken));

    private async Task<T> ReadAsync<T>(Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (ResourceNotFoundException exception)
        {
            throw new LeaseTableException($"lease table '{Store.TableName}' not found ({exception.Message})", exception) { TableMissing = true };
        }
        catch (AmazonServiceException exception)
        {
            throw new LeaseTableException($"lease table '{Store.TableName}': {exception.ErrorCode}: {exception.Message}", exception);
        }
        catch (AmazonClientException exception)
        {
            throw new LeaseTableException($"lease table '{Store.TableName}': {exception.Message}", exception);
        }
    }

    public void Dispose() => _client.Dispose();
}
