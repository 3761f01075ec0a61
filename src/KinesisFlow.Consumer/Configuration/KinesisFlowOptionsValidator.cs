using KinesisFlow.Consumer.Retrieval;
using KinesisFlow.Coordination.Checkpointing;
using KinesisFlow.Coordination.Leases;
using KinesisFlow.FlowLogs;
using KinesisFlow.FlowLogs.Filtering;
using Microsoft.Extensions.Options;

namespace KinesisFlow.Consumer.Configuration;

/// <summary>
/// Checks every setting at start-up (ValidateOnStart), so a bad one stops the host before it takes a lease, with a
/// message naming the configuration key (and the flag that sets it).
/// </summary>
public sealed class KinesisFlowOptionsValidator : IValidateOptions<KinesisFlowOptions>
{
    public ValidateOptionsResult Validate(string? name, KinesisFlowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        ValidateKinesis(options.Kinesis, errors);
        ValidateLeases(options.Leases, errors);
        ValidateFlowLogs(options.FlowLogs, errors);
        ValidateFilters(options.Filters, errors);
        ValidateTuning(options, errors);
        // Every message starts with its key under the KinesisFlow section, as appsettings.json and KINESISFLOW__ spell it.
        return errors.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(errors.ConvertAll(static error => $"{KinesisFlowOptions.SectionName}:{error}"));
    }

    private static void ValidateKinesis(KinesisOptions kinesis, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(kinesis.StreamName))
        {
            errors.Add("Kinesis:StreamName is required (--stream NAME).");
        }
        else if (!IsAwsName(kinesis.StreamName, 1, 128))
        {
            errors.Add($"Kinesis:StreamName '{kinesis.StreamName}' is not a stream name (1-128 of a-z A-Z 0-9 _ . -).");
        }

        CheckUrl("Kinesis:EndpointUrl", "--endpoint-url", kinesis.EndpointUrl, errors);
        if (!InitialPosition.TryParse(kinesis.InitialPosition, out _, out var positionError))
        {
            errors.Add($"Kinesis:InitialPosition (--initial-position): {positionError}");
        }

        if (!Enum.IsDefined(kinesis.Mode))
        {
            errors.Add($"Kinesis:Mode (--mode) must be polling or fanout; was {kinesis.Mode}.");
        }

        if (!IsAwsName(kinesis.ConsumerName, 1, 128))
        {
            errors.Add($"Kinesis:ConsumerName '{kinesis.ConsumerName}' is not a consumer name (1-128 of a-z A-Z 0-9 _ . -).");
        }

        if (kinesis.MaxRecordsPerRead is < 1 or > 10_000)
        {
            errors.Add($"Kinesis:MaxRecordsPerRead must be between 1 and 10000; was {kinesis.MaxRecordsPerRead}.");
        }

        foreach (var error in kinesis.ToReadBudget().Validate())
        {
            errors.Add("Kinesis:" + error);
        }

        if (kinesis.SubscriptionRenewal < TimeSpan.FromSeconds(10) || kinesis.SubscriptionRenewal >= TimeSpan.FromMinutes(5))
        {
            errors.Add($"Kinesis:SubscriptionRenewal must be at least 10 s and under the 5 minutes a subscription lasts; was {kinesis.SubscriptionRenewal}.");
        }

        if (kinesis.ShardClosedCheckInterval < TimeSpan.FromSeconds(1))
        {
            errors.Add($"Kinesis:ShardClosedCheckInterval must be at least 1 s (ListShards is limited to 100 calls/s per stream); was {kinesis.ShardClosedCheckInterval}.");
        }

        if (kinesis.SubscriptionFailuresBeforePolling is < 1 or > 100)
        {
            errors.Add($"Kinesis:SubscriptionFailuresBeforePolling must be between 1 and 100; was {kinesis.SubscriptionFailuresBeforePolling}.");
        }

        if (kinesis.ResubscribeDelay < TimeSpan.FromMilliseconds(100) || kinesis.ResubscribeDelay > TimeSpan.FromMinutes(5))
        {
            errors.Add($"Kinesis:ResubscribeDelay must be between 100 ms and 5 minutes; was {kinesis.ResubscribeDelay}.");
        }

        if (kinesis.MaxResubscribeDelay < kinesis.ResubscribeDelay || kinesis.MaxResubscribeDelay > TimeSpan.FromMinutes(5))
        {
            errors.Add($"Kinesis:MaxResubscribeDelay must be at least Kinesis:ResubscribeDelay and at most 5 minutes; was {kinesis.MaxResubscribeDelay}.");
        }
    }

    /// <summary>
    /// Each renewal is a DynamoDB write per held lease: more often than this costs writes and leaves no room for one
    /// slow call. (The lease logic itself accepts shorter timings, which its tests use on fake time.)
    /// </summary>
    public static readonly TimeSpan MinRenewInterval = TimeSpan.FromSeconds(1);

    private static void ValidateLeases(LeaseOptions leases, List<string> errors)
    {
        if (!IsAwsName(leases.TableName, 3, 255))
        {
            errors.Add($"Leases:TableName '{leases.TableName}' is not a DynamoDB table name (--lease-table; 3-255 of a-z A-Z 0-9 _ . -).");
        }

        CheckUrl("Leases:EndpointUrl", "--dynamodb-endpoint-url", leases.EndpointUrl, errors);
        if (leases.WorkerId is { } worker && (worker.Length is 0 or > 256 || worker.Any(char.IsControl)))
        {
            errors.Add("Leases:WorkerId (--worker-id) must be 1-256 printable characters.");
        }

        // The timings the lease logic itself refuses, then the floor a real table needs.
        var timings = leases.Validate();
        errors.AddRange(timings);
        if (timings.Count == 0 && leases.EffectiveRenewInterval < MinRenewInterval)
        {
            errors.Add(
                $"Leases:LeaseDuration ({leases.LeaseDuration:c}) with Leases:RenewInterval ({leases.EffectiveRenewInterval:c}) renews more often than once a second; "
                + $"allowed: RenewInterval at least {MinRenewInterval:c} and LeaseDuration at least 3 x RenewInterval (default LeaseDuration 00:00:10, RenewInterval a third of it).");
        }
    }

    // A format given in the settings that cannot be parsed stops the start, naming its log group.
    private static void ValidateFormatsFile(string file, List<string> errors)
    {
        if (!File.Exists(file))
        {
            errors.Add($"FlowLogs:FormatsFile (--formats): no file at '{file}'.");
            return;
        }

        try
        {
            _ = FormatMap.FromJson(File.ReadAllBytes(file));
        }
        catch (FlowLogFormatException exception)
        {
            errors.Add($"FlowLogs:FormatsFile (--formats) '{file}': {exception.Message}");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            errors.Add($"FlowLogs:FormatsFile (--formats): cannot read '{file}': {exception.Message}");
        }
    }

    private static void ValidateFlowLogs(FlowLogsOptions flowLogs, List<string> errors)
    {
        if (flowLogs.LogFormat is not null && flowLogs.FormatsFile is not null)
        {
            errors.Add("FlowLogs:LogFormat (--log-format) and FlowLogs:FormatsFile (--formats) are exclusive: give one.");
        }

        if (flowLogs.LogFormat is { } format && !FlowLogFormat.TryParse(format, out _, out var formatError))
        {
            errors.Add($"FlowLogs:LogFormat (--log-format): {formatError}");
        }

        if (flowLogs.FormatsFile is { } file)
        {
            ValidateFormatsFile(file, errors);
        }

        foreach (var (logGroup, entry) in flowLogs.Formats)
        {
            if (!FlowLogFormat.TryParse(entry, out _, out var entryError))
            {
                errors.Add($"FlowLogs:Formats:{logGroup}: {entryError}");
            }
        }

        if (flowLogs.MaxDecompressedBytes < 64 * 1024)
        {
            errors.Add($"FlowLogs:MaxDecompressedBytes must be at least 65536; was {flowLogs.MaxDecompressedBytes}.");
        }
    }

    private static void ValidateFilters(FlowFilterOptions filters, List<string> errors)
    {
        // The filter's own constructor is the one rule for actions; its message starts with the property name.
        try
        {
            _ = new FlowRecordFilter(filters);
        }
        catch (ArgumentException exception)
        {
            errors.Add($"Filters:{exception.Message}");
        }

        CheckPatterns("Filters:IncludeLogGroups", filters.IncludeLogGroups, errors);
        CheckPatterns("Filters:ExcludeLogGroups", filters.ExcludeLogGroups, errors);
    }

    private static void CheckPatterns(string key, List<string> patterns, List<string> errors)
    {
        for (var i = 0; i < patterns.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(patterns[i]))
            {
                errors.Add($"{key}:{i} is empty: give a log group name or a glob (* and ?).");
            }
        }
    }

    private static void ValidateTuning(KinesisFlowOptions options, List<string> errors)
    {
        foreach (var error in options.Checkpoints.ToPolicyOptions().Validate())
        {
            errors.Add("Checkpoints:" + error.Replace(nameof(CheckpointPolicyOptions.MaxInterval), nameof(CheckpointOptions.Interval), StringComparison.Ordinal));
        }

        var pipeline = options.Pipeline;
        if (pipeline.ReadAhead is < 1 or > 64)
        {
            errors.Add($"Pipeline:ReadAhead must be between 1 and 64; was {pipeline.ReadAhead}.");
        }

        if (pipeline.MaxBatchBytes is < 1024 or > 64 * 1024 * 1024)
        {
            errors.Add($"Pipeline:MaxBatchBytes must be between 1024 and 67108864; was {pipeline.MaxBatchBytes}.");
        }

        if (pipeline.MaxBatchesInFlight is < 1 or > 256)
        {
            errors.Add($"Pipeline:MaxBatchesInFlight must be between 1 and 256; was {pipeline.MaxBatchesInFlight}.");
        }

        if (pipeline.DrainTimeout < TimeSpan.Zero)
        {
            errors.Add($"Pipeline:DrainTimeout must not be negative; was {pipeline.DrainTimeout}.");
        }

        var supervisor = options.Supervisor;
        if (supervisor.ReconcileInterval < TimeSpan.FromMilliseconds(10))
        {
            errors.Add($"Supervisor:ReconcileInterval must be at least 10 ms; was {supervisor.ReconcileInterval}.");
        }

        if (supervisor.RestartBackoff <= TimeSpan.Zero || supervisor.MaxRestartBackoff < supervisor.RestartBackoff)
        {
            errors.Add("Supervisor:RestartBackoff must be above 0 and Supervisor:MaxRestartBackoff at least as long.");
        }
    }

    private static void CheckUrl(string key, string flag, string? url, List<string> errors)
    {
        if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            errors.Add($"{key} ({flag}) must be an absolute http(s) URL; was '{url}'.");
        }
    }

    private static bool IsAwsName(string? name, int min, int max) =>
        name is not null && name.Length >= min && name.Length <= max
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');
}
