namespace KinesisFlow.Aws;

/// <summary>Every page of a paged AWS listing, following its next token to the end (whatever the service calls it).</summary>
internal static class AwsPages
{
    public static async Task<IReadOnlyList<T>> CollectAsync<TPage, T>(
        Func<string?, Task<TPage>> fetchPage,
        Func<TPage, (IReadOnlyList<T> Items, string? NextToken)> split,
        CancellationToken cancellationToken)
    {
        var all = new List<T>();
        string? token = null;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (items, rawNext) = split(await fetchPage(token));
            var next = string.IsNullOrEmpty(rawNext) ? null : rawNext;
            all.AddRange(items);

            // A token repeated verbatim would loop forever; the service never does this, a broken proxy might.
            if (next is not null && next == token)
            {
                throw new AwsServiceException("InvalidResponse", "The service returned the same nextToken twice.", System.Net.HttpStatusCode.OK, null);
            }

            token = next;
        }
        while (token is not null);

        return all;
    }
}
