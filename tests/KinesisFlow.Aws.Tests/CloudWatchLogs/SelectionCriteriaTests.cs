namespace KinesisFlow.Aws.Tests.CloudWatchLogs;

public sealed class SelectionCriteriaTests
{
    [Fact]
    public void Lists_the_excluded_log_groups_as_quoted_strings()
    {
        Assert.Equal(
            """LogGroupName NOT IN ["/kinesisflow", "/aws/lambda/a\"b"]""",
            SelectionCriteria.LogGroupNameNotIn(["/kinesisflow", "/aws/lambda/a\"b"]));
    }

    [Fact]
    public void No_names_or_too_many_bytes_are_refused()
    {
        Assert.Throws<ArgumentException>(() => SelectionCriteria.LogGroupNameNotIn([]));
        var error = Assert.Throws<ArgumentException>(
            () => SelectionCriteria.LogGroupNameNotIn(Enumerable.Range(0, 2000).Select(i => $"/log/group/{i:D6}")));
        Assert.Contains("25600", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_policy_document_without_optional_members_round_trips()
    {
        var document = new SubscriptionFilterPolicyDocument("arn:aws:kinesis:eu-west-1:123456789012:stream/flows", RoleArn: null);

        Assert.Equal("""{"DestinationArn":"arn:aws:kinesis:eu-west-1:123456789012:stream/flows","FilterPattern":""}""", document.ToJson());
        Assert.Equal(document, SubscriptionFilterPolicyDocument.Parse(document.ToJson()));
    }
}
