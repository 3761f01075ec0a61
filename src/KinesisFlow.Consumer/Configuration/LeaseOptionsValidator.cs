using KinesisFlow.Coordination.Leases;
using Microsoft.Extensions.Options;

namespace KinesisFlow.Consumer.Configuration;

/// <summary>The lease timings (section <c>KinesisFlow:Leases</c>), checked at start-up with messages naming the key.</summary>
public sealed class LeaseOptionsValidator : IValidateOptions<LeaseOptions>
{
    /// <summary>
    /// Each renewal is a DynamoDB write per held lease: more often than this costs writes and leaves no room for one
    /// slow call. (The lease logic itself accepts shorter timings, which its tests use on fake time.)
    /// </summary>
    public static readonly TimeSpan MinRenewInterval = TimeSpan.FromSeconds(1);

    public ValidateOptionsResult Validate(string? name, LeaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate().ToList();
        if (errors.Count == 0 && options.EffectiveRenewInterval < MinRenewInterval)
        {
            errors.Add(
                $"{LeaseOptions.SectionName}:LeaseDuration ({options.LeaseDuration:c}) with {LeaseOptions.SectionName}:RenewInterval ({options.EffectiveRenewInterval:c}) renews more often than once a second; "
                + $"allowed: RenewInterval at least {MinRenewInterval:c} and LeaseDuration at least 3 x RenewInterval (default LeaseDuration 00:00:10, RenewInterval a third of it).");
        }

        return errors.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(errors.Select(static error => $"{KinesisFlowOptions.SectionName}:{error}"));
    }
}
