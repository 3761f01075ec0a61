namespace KinesisFlow.Coordination.Leases;

/// <summary>
/// The leases (configuration section <c>KinesisFlow:Leases</c>): the DynamoDB table every instance shares, this
/// worker's id, and the timing and balancing. Timing defaults follow the KCL: a 10 s lease renewed every third of it.
/// Unset intervals derive from <see cref="LeaseDuration"/>, so shortening only the duration stays consistent. The
/// lease logic reads only the timing and balancing; the table settings are for whoever opens the table.
/// </summary>
public sealed class LeaseOptions
{
    public const string SectionName = "Leases";

    /// <summary>The DynamoDB table holding one lease per shard (<c>--lease-table</c>); KCL's convention is the application name.</summary>
    public string TableName { get; set; } = "kinesisflow";

    /// <summary>An explicit DynamoDB endpoint (<c>--dynamodb-endpoint-url</c>): a VPC endpoint or a local emulator.</summary>
    public string? EndpointUrl { get; set; }

    /// <summary>This worker's id in the table (<c>--worker-id</c>); the host name and process id when empty.</summary>
    public string? WorkerId { get; set; }

    /// <summary>Create the table (PAY_PER_REQUEST) when it is missing; otherwise a missing table stops the start.</summary>
    public bool CreateTable { get; set; } = true;

    /// <summary>How long a lease's counter may stay unchanged before other workers consider it expired.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the owner renews its leases; null = a third of <see cref="LeaseDuration"/>.</summary>
    public TimeSpan? RenewInterval { get; set; }

    /// <summary>How often a worker lists the table and balances; null = half of <see cref="LeaseDuration"/>.</summary>
    public TimeSpan? BalanceInterval { get; set; }

    /// <summary>How long a new owner waits for the previous one to finish a graceful handoff; null = <see cref="LeaseDuration"/>.</summary>
    public TimeSpan? HandoffTimeout { get; set; }

    /// <summary>How often the stream's shards are listed to create missing leases and clean finished ones.</summary>
    public TimeSpan ShardSyncInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>An upper bound on leases per worker (null = none); leases beyond every worker's bound stay unowned.</summary>
    public int? MaxLeasesPerWorker { get; set; }

    /// <summary>
    /// Leases one worker may receive from live peers per balancing cycle (takes of unowned or expired leases are not
    /// limited); 0 (the default) = no limit: the balancer plans each move once, straight to its final owner, and a
    /// graceful handoff duplicates nothing, so there is no reason to trickle (the KCL's 1 takes minutes to balance).
    /// </summary>
    public int MaxLeasesToStealAtOnce { get; set; }

    /// <summary>Move a lease by asking its owner to checkpoint and let go (<c>checkpointOwner</c>) instead of stealing it mid-batch.</summary>
    public bool GracefulHandoff { get; set; } = true;

    /// <summary>
    /// One worker, elected through a leader item in the table, scans the table and assigns every lease; the others
    /// read only their own leases through the <c>leaseOwner</c> index (the lease table's reads then grow with shards,
    /// not shards x workers). False: every worker scans and balances for itself.
    /// </summary>
    public bool LeaderElection { get; set; } = true;

    public TimeSpan EffectiveRenewInterval => RenewInterval ?? LeaseDuration / 3;

    public TimeSpan EffectiveBalanceInterval => BalanceInterval ?? LeaseDuration / 2;

    public TimeSpan EffectiveHandoffTimeout => HandoffTimeout ?? LeaseDuration;

    /// <summary>Every problem with these settings, each naming its setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (LeaseDuration <= TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:LeaseDuration must be positive (got {LeaseDuration}).");
            return errors;
        }

        // Two renewals may fail (a slow or throttled write, a retry) and the third still lands before peers see the
        // lease expire: the KCL's own ratio. (An unset interval is a third by definition; its rounding is no fault.)
        if (EffectiveRenewInterval <= TimeSpan.Zero || RenewInterval * 3 > LeaseDuration)
        {
            errors.Add($"{SectionName}:RenewInterval ({EffectiveRenewInterval:c}) must be positive and at most a third of {SectionName}:LeaseDuration ({LeaseDuration:c}), so that a lease survives two failed renewals; allowed: LeaseDuration at least 3 x RenewInterval.");
        }

        if (EffectiveBalanceInterval <= TimeSpan.Zero || EffectiveBalanceInterval > LeaseDuration)
        {
            errors.Add($"{SectionName}:BalanceInterval ({EffectiveBalanceInterval}) must be positive and at most {SectionName}:LeaseDuration ({LeaseDuration}).");
        }

        if (EffectiveHandoffTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:HandoffTimeout must be positive (got {EffectiveHandoffTimeout}).");
        }

        if (ShardSyncInterval <= TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:ShardSyncInterval must be positive (got {ShardSyncInterval}).");
        }

        if (MaxLeasesPerWorker is <= 0)
        {
            errors.Add($"{SectionName}:MaxLeasesPerWorker must be positive when set (got {MaxLeasesPerWorker}).");
        }

        if (MaxLeasesToStealAtOnce < 0)
        {
            errors.Add($"{SectionName}:MaxLeasesToStealAtOnce must not be negative (got {MaxLeasesToStealAtOnce}).");
        }

        return errors;
    }
}
