namespace KinesisFlow.Consumer.Tests.EndToEnd;

/// <summary>The command line of one <c>kinesisflow run</c> worker against the test emulators.</summary>
internal static class WorkerArguments
{
    public static string[] Run(Uri kinesis, Uri dynamoDb, string stream, string leaseTable, string workerId, string sinkFile, params string[] more) =>
    [
        "run",
        "--stream", stream,
        "--endpoint-url", kinesis.ToString(),
        "--dynamodb-endpoint-url", dynamoDb.ToString(),
        "--lease-table", leaseTable,
        "--worker-id", workerId,
        "--sink", $"file:{sinkFile}",
        .. more,
    ];

    /// <summary><c>produce</c> of <paramref name="count"/> flow lines, 20 per record unless <paramref name="more"/> says otherwise.</summary>
    public static string[] Produce(Uri kinesis, string stream, int count, string manifest, params string[] more) =>
    [
        "produce",
        "--stream", stream,
        "--endpoint-url", kinesis.ToString(),
        "--count", count.ToString(System.Globalization.CultureInfo.InvariantCulture),
        .. more.Contains("--events-per-record") ? [] : new[] { "--events-per-record", "20" },
        "--manifest", manifest,
        .. more,
    ];
}
