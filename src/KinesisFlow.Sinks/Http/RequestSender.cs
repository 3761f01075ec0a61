using System.Threading.Channels;
using Polly;

namespace KinesisFlow.Sinks;

/// <summary>
/// One sending loop of an HTTP sink: posts each sealed request through the retry pipeline, dead-letters its events
/// when the endpoint refuses it, then releases the batches waiting on it. A sink runs
/// <see cref="HttpDeliveryOptions.MaxRequestsInFlight"/> of them over the same queue.
/// </summary>
internal sealed class RequestSender(
    HttpClient client,
    ResiliencePipeline<HttpResponseMessage> pipeline,
    HttpRequestBuilder requests,
    HttpRejectionHandler rejections,
    ChannelReader<OutgoingRequest> outgoing,
    CancellationToken abort)
{
    /// <summary>Runs until the outgoing queue completes.</summary>
    public async Task RunAsync()
    {
        await foreach (var request in outgoing.ReadAllAsync(CancellationToken.None))
        {
            Exception? failure = null;
            try
            {
                await DeliverAsync(request);
            }
            catch (Exception exception)
            {
                failure = exception;
            }

            request.Finish(failure);
            request.Dispose();
        }
    }

    private async Task DeliverAsync(OutgoingRequest request)
    {
        var body = requests.BodyOf(request);
        using var response = await pipeline.ExecuteAsync(
            static async (state, token) =>
            {
                using var message = state.Requests.CreateMessage(state.Lane, state.Body);
                return await state.Client.SendAsync(message, HttpCompletionOption.ResponseContentRead, token);
            },
            (Client: client, Requests: requests, request.Lane, Body: body),
            abort);

        if (response.IsSuccessStatusCode)
        {
            return;
        }

        await rejections.WriteRefusedAsync(request, response, abort);
    }
}
