using System.Globalization;

namespace KinesisFlow.Consumer.Tests.Support;

/// <summary>Scrapes a worker's Prometheus endpoint (<c>--http-listen</c>) and the kernel's view of its memory.</summary>
public static class WorkerMetrics
{
    // Generous: a worker busy on a loaded 2-core machine may answer a scrape late, which is not what tests check.
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>The sum over shards of a counter, e.g. <c>kinesisflow_shard_received_records</c>; 0 when not reported yet.</summary>
    public static async Task<double> SumAsync(Uri metrics, string name)
    {
        var text = await Http.GetStringAsync(metrics);
        double sum = 0;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(name, StringComparison.Ordinal) && !line.StartsWith('#'))
            {
                sum += double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return sum;
    }

    /// <summary>Resident memory of a process in bytes (Linux /proc), as the operating system accounts it.</summary>
    public static long ResidentBytes(int processId)
    {
        foreach (var line in File.ReadLines($"/proc/{processId}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"No VmRSS for process {processId}.");
    }
}
