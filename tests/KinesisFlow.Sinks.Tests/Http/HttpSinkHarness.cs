using System.Text.Json;
using KinesisFlow.TestKit;
using KinesisFlow.TestKit.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KinesisFlow.Sinks.Tests.Http;

/// <summary>
/// What every HTTP sink test needs: simulated time, a recording HTTP collector on loopback, a real dead-letter file,
/// and sinks pointed at the server. Time only moves when the test advances it, and only while the sinks wait on it
/// (<see cref="SinkActivity"/>): never while a request is on its way, however slow the machine.
/// </summary>
internal sealed class HttpSinkHarness : IAsyncDisposable
{
    public const string IntakeKey = "test-intake-key-7f3a";

    private readonly TempDirectory _directory = new("kinesisflow-http-sink");
    private readonly List<IEventSink> _sinks = [];

    private HttpSinkHarness(HttpCollector server)
    {
        Server = server;
        DeadLetterPath = _directory.File("dead-letters.ndjson");
        DeadLetters = new DeadLetterFileSink(DeadLetterPath, new FileRotationOptions(), Time);
    }

    public FakeTimeProvider Time => Activity.Clock;

    public SinkActivity Activity { get; } = new(new DateTimeOffset(2026, 11, 26, 20, 0, 0, TimeSpan.Zero));

    public HttpCollector Server { get; }

    /// <summary>The retry backoff's jitter draws: one half unless a test sets it, so every retry waits half its ceiling.</summary>
    public Func<double> Draw { get; set; } = () => 0.5;

    public DeadLetterFileSink DeadLetters { get; }

    public string DeadLetterPath { get; }

    public string Directory => _directory.Path;

    public static async Task<HttpSinkHarness> StartAsync()
    {
        var server = await HttpCollector.StartAsync();
        var harness = new HttpSinkHarness(server);
        server.Clock = harness.Time;
        server.Holding = harness.Activity.Holding;
        return harness;
    }

    /// <summary>A SEKOIA.IO sink on the collector; linger 0 unless the test says otherwise.</summary>
    public IEventSink Sekoia(Action<SekoiaSinkOptions>? configure = null, string format = OutputFormats.Sekoia, SinkTelemetry? telemetry = null)
    {
        var options = new SekoiaSinkOptions { IntakeKey = IntakeKey, Linger = TimeSpan.Zero };
        configure?.Invoke(options);
        return Track(new HttpEventSink(
            HttpEventSinkFactory.SekoiaProfile(Server.BaseAddress, format, options), DeadLetters, Time, NullLogger.Instance, telemetry ?? SinkTelemetry.None, Activity.Handler(HttpEventSinkFactory.CreateHandler()), Draw));
    }

    /// <summary>A generic HTTP sink posting to <paramref name="path"/> on the collector.</summary>
    public IEventSink Generic(string path, Action<HttpSinkOptions>? configure = null, string format = OutputFormats.Json)
    {
        var options = new HttpSinkOptions { Linger = TimeSpan.Zero };
        configure?.Invoke(options);
        return Track(new HttpEventSink(
            HttpEventSinkFactory.GenericProfile(new Uri(Server.BaseAddress, path), format, options), DeadLetters, Time, NullLogger.Instance, SinkTelemetry.None, Activity.Handler(HttpEventSinkFactory.CreateHandler()), Draw));
    }

    /// <summary>
    /// Moves simulated time forward one step at a time until <paramref name="done"/> holds, each step only once the
    /// sinks wait on the clock. Fails when <paramref name="limit"/> of simulated time passes.
    /// </summary>
    public async Task AdvanceUntilAsync(Func<bool> done, TimeSpan step, TimeSpan limit, string what)
    {
        var start = Time.GetUtcNow();
        while (!await StepAsync(done, step))
        {
            if (Time.GetUtcNow() - start > limit)
            {
                throw new TimeoutException($"{what} did not happen within {limit} of simulated time.");
            }
        }
    }

    /// <summary>Advances simulated time by <paramref name="span"/> in steps, each once the sinks wait on the clock.</summary>
    public async Task AdvanceAsync(TimeSpan span, TimeSpan step)
    {
        for (var passed = TimeSpan.Zero; passed < span; passed += step)
        {
            await StepAsync(() => false, step);
        }
    }

    /// <summary>Waits (real time, generous for a loaded machine) for something the sink does without needing time to pass.</summary>
    public static Task WaitForAsync(Func<bool> condition, string what) =>
        Eventually.WaitUntilAsync(condition, TimeSpan.FromSeconds(60), what);

    public IReadOnlyList<JsonElement> ReadDeadLetters()
    {
        if (!File.Exists(DeadLetterPath))
        {
            return [];
        }

        using var stream = new FileStream(DeadLetterPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var letters = new List<JsonElement>();
        while (reader.ReadLine() is { } line)
        {
            letters.Add(JsonDocument.Parse(line).RootElement.Clone());
        }

        return letters;
    }

    public async ValueTask DisposeAsync()
    {
        // A sink still retrying drains on simulated time: keep the clock moving (bounded) until it has let go.
        var disposing = Task.Run(async () =>
        {
            foreach (var sink in _sinks)
            {
                await sink.DisposeAsync();
            }
        });
        for (var step = 0; step < 600 && !disposing.IsCompleted; step++)
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(disposing, Task.Delay(10));
        }

        await disposing;

        await DeadLetters.DisposeAsync();
        await Server.DisposeAsync();
        _directory.Dispose();
    }

    private IEventSink Track(IEventSink sink)
    {
        _sinks.Add(sink);
        return sink;
    }

    /// <summary>
    /// One step: waits until the sinks wait on the clock (or <paramref name="done"/>), moves it, and when that fired a
    /// timer waits for what it set off (a request sent and answered, then the next wait on the clock). True when done.
    /// </summary>
    private async Task<bool> StepAsync(Func<bool> done, TimeSpan step)
    {
        await WaitForAsync(() => done() || Activity.WaitingOnTheClock, "the sink to wait on the clock");
        if (done())
        {
            return true;
        }

        var answered = Activity.Answered;
        var fired = Activity.Clock.Fired;
        Time.Advance(step);
        if (Activity.Clock.Fired != fired)
        {
            await WaitForAsync(() => done() || (Activity.Answered > answered && Activity.WaitingOnTheClock), "the sink to act on a timer and wait on the clock again");
        }

        return done();
    }
}
