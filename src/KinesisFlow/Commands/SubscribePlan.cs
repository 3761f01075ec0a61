using KinesisFlow.Aws;

namespace KinesisFlow.Cli;

/// <summary>A log group and the subscription filters it has now.</summary>
public sealed record LogGroupState(string LogGroupName, IReadOnlyList<SubscriptionFilter> Filters);

/// <summary>The subscription filter KinesisFlow wants on every selected log group.</summary>
public sealed record SubscribeTarget(
    string FilterName,
    string FilterPattern,
    string DestinationArn,
    string? RoleArn,
    SubscriptionDistribution Distribution);

/// <summary>What <c>subscribe</c> / <c>unsubscribe</c> does to one log group (or to the account).</summary>
public enum SubscribeAction
{
    /// <summary>Put a new filter of ours.</summary>
    Create,

    /// <summary>Put over an existing filter of ours whose settings differ.</summary>
    Update,

    /// <summary>Our filter is there with the wanted settings: nothing to do.</summary>
    Unchanged,

    /// <summary>The log group already has the maximum of filters, none of them ours: reported, never clobbered.</summary>
    SkipFilterLimit,

    /// <summary>The log group is excluded (the consumer's own logs): subscribing it would feed the consumer its own output.</summary>
    SkipExcluded,

    /// <summary>Delete a filter (or account policy) of ours.</summary>
    Delete,

    /// <summary>Nothing of ours on this log group: unsubscribe leaves it alone.</summary>
    NothingOfOurs,
}

/// <summary>One planned change, with what a person needs to understand it.</summary>
/// <param name="Target">The log group name, or the account policy's name for account-level steps.</param>
/// <param name="Action">What happens to it.</param>
/// <param name="FilterName">The filter (or policy) the step writes or deletes; for a skip, the one that would have been written.</param>
/// <param name="Existing">For a skip or an update: the filters already there, by name.</param>
public sealed record SubscribeStep(string Target, SubscribeAction Action, string FilterName, IReadOnlyList<string> Existing)
{
    /// <summary>True when the step writes or deletes something.</summary>
    public bool Changes => Action is SubscribeAction.Create or SubscribeAction.Update or SubscribeAction.Delete;
}
