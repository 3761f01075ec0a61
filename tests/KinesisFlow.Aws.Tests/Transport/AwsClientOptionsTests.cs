using Amazon.Runtime;

namespace KinesisFlow.Aws.Tests.Transport;

public sealed class AwsClientOptionsTests
{
    [Fact]
    public void Defaults_are_valid() => Assert.Empty(new AwsClientOptions().Validate());

    [Fact]
    public void Each_bad_setting_is_named()
    {
        var options = new AwsClientOptions
        {
            Region = "Ireland",
            ServiceUrl = new Uri("ftp://127.0.0.1/"),
            AccessKeyId = "AKID",
            Timeout = TimeSpan.Zero,
            MaxAttempts = 0,
            RetryBaseDelay = TimeSpan.FromSeconds(30),
        };

        var errors = options.Validate();

        Assert.Contains(errors, e => e.StartsWith("Region", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("ServiceUrl", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("AccessKeyId and SecretAccessKey", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Timeout", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("MaxAttempts", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("RetryBaseDelay", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(options.ThrowIfInvalid);
    }

    [Fact]
    public async Task Explicit_keys_become_basic_or_session_credentials_and_are_never_printed()
    {
        var options = new AwsClientOptions { AccessKeyId = "AKIDEXPLICIT", SecretAccessKey = "very-secret", SessionToken = "token-secret" };

        var credentials = AwsCredentialsFactory.Create(options);
        var resolved = await credentials.GetCredentialsAsync();

        Assert.IsType<SessionAWSCredentials>(credentials);
        Assert.Equal("AKIDEXPLICIT", resolved.AccessKey);
        Assert.Equal("token-secret", resolved.Token);
        Assert.IsType<BasicAWSCredentials>(AwsCredentialsFactory.Create(new AwsClientOptions { AccessKeyId = "A", SecretAccessKey = "B" }));
        foreach (var text in new[] { options.ToString(), credentials.ToString(), resolved.ToString() })
        {
            Assert.DoesNotContain("very-secret", text, StringComparison.Ordinal);
            Assert.DoesNotContain("token-secret", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_start_up_check_names_the_chain_when_nothing_resolves()
    {
        await AwsCredentialsFactory.CheckAsync(new BasicAWSCredentials("A", "B"), CancellationToken.None);

        var error = await Assert.ThrowsAsync<AwsCredentialsException>(() =>
            AwsCredentialsFactory.CheckAsync(new UnresolvableCredentials(), CancellationToken.None));

        Assert.StartsWith("no AWS credentials were found (looked at AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE", error.Message, StringComparison.Ordinal);
        Assert.Contains("nothing configured", error.InnerException!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_derived_copy_keeps_every_setting_but_the_one_it_changes()
    {
        var original = new AwsClientOptions
        {
            Region = "us-gov-west-1",
            ServiceUrl = new Uri("http://127.0.0.1:4567/"),
            UseFipsEndpoint = true,
            UseDualStackEndpoint = true,
            AccessKeyId = "A",
            SecretAccessKey = "B",
            SessionToken = "C",
            Credentials = new BasicAWSCredentials("D", "E"),
            Timeout = TimeSpan.FromSeconds(7),
            MaxAttempts = 9,
            RetryBaseDelay = TimeSpan.FromSeconds(1),
            RetryMaxDelay = TimeSpan.FromSeconds(3),
        };

        var elsewhere = original.ForRegion("us-gov-east-1");
        var direct = original.AtEndpoint(null);

        // Every property, so that a setting added later cannot be dropped by a derivation unnoticed.
        foreach (var property in typeof(AwsClientOptions).GetProperties())
        {
            Assert.True(property.GetValue(original) is not null, $"{property.Name} is set in this test");
            if (property.Name != nameof(AwsClientOptions.Region))
            {
                Assert.Equal(property.GetValue(original), property.GetValue(elsewhere));
            }

            if (property.Name != nameof(AwsClientOptions.ServiceUrl))
            {
                Assert.Equal(property.GetValue(original), property.GetValue(direct));
            }
        }

        Assert.Equal("us-gov-east-1", elsewhere.Region);
        Assert.Null(direct.ServiceUrl);
        Assert.Equal("us-gov-west-1", original.Region);
    }

    [Fact]
    public void Supplied_credentials_win()
    {
        var supplied = new BasicAWSCredentials("A", "B");

        Assert.Same(supplied, AwsCredentialsFactory.Create(new AwsClientOptions { Credentials = supplied, AccessKeyId = "C", SecretAccessKey = "D" }));
    }

    private sealed class UnresolvableCredentials : AWSCredentials
    {
        public override ImmutableCredentials GetCredentials() => throw new AmazonClientException("nothing configured");

        public override Task<ImmutableCredentials> GetCredentialsAsync() => throw new AmazonClientException("nothing configured");
    }
}
