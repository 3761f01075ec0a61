using KinesisFlow.Coordination.Leases;
using Microsoft.Extensions.Options;

namespace KinesisFlow.Consumer.Configuration;

/// <summary>The lease timings (section <c>KinesisFlow:Leases</c>), checked at start-up with messages naming the key.</summary>
public sealed class LeaseOptionsValidator : IValidateOptions<LeaseOptions>
{
    public ValidateOptionsResult Validate(string? name, LeaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(errors.Select(static error => $"{KinesisFlowOptions.SectionName}:Leases: {error}"));
    }
}
