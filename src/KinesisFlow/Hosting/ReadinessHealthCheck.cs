using KinesisFlow.Consumer.Telemetry;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KinesisFlow.Hosting;

/// <summary>Reports <see cref="ReadinessState"/> as the health check behind <c>/health/ready</c>.</summary>
internal sealed class ReadinessHealthCheck(ReadinessState readiness) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var report = readiness.Evaluate();
        return Task.FromResult(report.IsReady ? HealthCheckResult.Healthy(report.Description) : HealthCheckResult.Unhealthy(report.Description));
    }
}
