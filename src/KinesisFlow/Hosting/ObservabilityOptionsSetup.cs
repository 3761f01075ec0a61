using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace KinesisFlow.Hosting;

/// <summary>
/// Fills the defaults that depend on the environment (container → endpoint on; OTLP endpoint set → OTLP on) and
/// validates the result at start-up, naming the setting that is wrong.
/// </summary>
internal sealed class ObservabilityOptionsSetup(IConfiguration configuration, string sectionName)
    : IPostConfigureOptions<ObservabilityOptions>, IValidateOptions<ObservabilityOptions>
{
    public void PostConfigure(string? name, ObservabilityOptions options) => ApplyDefaults(options, configuration);

    public ValidateOptionsResult Validate(string? name, ObservabilityOptions options)
    {
        var failures = new List<string>();
        if (!HttpListenAddress.IsOff(options.HttpListen) && !HttpListenAddress.TryParse(options.HttpListen, out _, out var error))
        {
            failures.Add($"{sectionName}:HttpListen (--http-listen): {error}");
        }

        if (options.TraceSampleRatio is < 0 or > 1 || double.IsNaN(options.TraceSampleRatio))
        {
            failures.Add($"{sectionName}:TraceSampleRatio must be between 0 and 1, not {options.TraceSampleRatio}");
        }

        if (options.Readiness.RenewalStaleAfter <= TimeSpan.Zero)
        {
            failures.Add($"{sectionName}:Readiness:RenewalStaleAfter must be positive, not {options.Readiness.RenewalStaleAfter}");
        }

        if (options.Readiness.SinkFailureThreshold < 1)
        {
            failures.Add($"{sectionName}:Readiness:SinkFailureThreshold must be at least 1, not {options.Readiness.SinkFailureThreshold}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Applies the environment-dependent defaults to options bound from configuration.</summary>
    public static void ApplyDefaults(ObservabilityOptions options, IConfiguration configuration)
    {
        if (options.HttpListen is null && string.Equals(configuration["DOTNET_RUNNING_IN_CONTAINER"], "true", StringComparison.OrdinalIgnoreCase))
        {
            options.HttpListen = $"0.0.0.0:{ObservabilityOptions.DefaultPort}";
        }

        options.Otlp ??= !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
    }
}
