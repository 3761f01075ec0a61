using System.Collections.Concurrent;
using KinesisFlow.TestKit.Http;
using Microsoft.Extensions.Time.Testing;

namespace KinesisFlow.Sinks.Tests.Http;

/// <summary>
/// Tells the harness when a sink is waiting on the simulated clock, so that time moves only then and never while a
/// real loopback request is on its way: every request the sink sends goes through <see cref="Handler"/> (numbered in a
/// header the collector reports through <see cref="Holding"/> while the test holds it), and every timer it arms through
/// <see cref="Clock"/>. How long the machine takes for a round trip then changes nothing a test measures.
/// </summary>
internal sealed class SinkActivity
{
    public const string RequestIdHeader = "X-Test-Request-Id";

    private readonly ConcurrentDictionary<long, byte> _inFlight = new();
    private long _nextId;
    private long _answered;
    private long _armsAtLastAnswer;
    private long _pendingAtLastAnswer;

    public SinkActivity(DateTimeOffset start) => Clock = new ActivityClock(start);

    public ActivityClock Clock { get; }

    /// <summary>Requests the collector holds on the test's say-so (<see cref="Reply.WaitFor"/>): waiting on the test, not on I/O.</summary>
    public ConcurrentDictionary<long, byte> Held { get; } = new();

    /// <summary>For <see cref="HttpCollector.Holding"/>: keeps the ids of the requests held in <see cref="Held"/>.</summary>
    public void Holding(RecordedRequest request, bool held)
    {
        var id = long.TryParse(request.Header(RequestIdHeader), System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        if (held)
        {
            Held.TryAdd(id, 0);
        }
        else
        {
            Held.TryRemove(id, out _);
        }
    }

    /// <summary>Requests that got an answer (or an error) so far.</summary>
    public long Answered => Interlocked.Read(ref _answered);

    /// <summary>
    /// No request is on its way (each one sent was answered, or is held by the test), a timer is pending, and the sink
    /// has moved on from the last answer: it armed a timer since (its next retry), or let go of one (that attempt's
    /// timeout) while others still wait. Whatever it does next, it does when simulated time moves.
    /// </summary>
    public bool WaitingOnTheClock
    {
        get
        {
            var pending = Clock.Pending;
            return _inFlight.Keys.All(Held.ContainsKey)
                && pending > 0
                && (Clock.Arms > Interlocked.Read(ref _armsAtLastAnswer) || pending < Interlocked.Read(ref _pendingAtLastAnswer));
        }
    }

    public HttpMessageHandler Handler(HttpMessageHandler inner) => new CountingHandler(this, inner);

    /// <summary>A fake clock that counts the timers armed on it, those still pending, and those that fired.</summary>
    internal sealed class ActivityClock(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private long _arms;
        private long _pending;
        private long _fired;

        public long Arms => Interlocked.Read(ref _arms);

        /// <summary>Timers armed that have neither fired nor been disarmed or disposed.</summary>
        public long Pending => Interlocked.Read(ref _pending);

        public long Fired => Interlocked.Read(ref _fired);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new CountedTimer(this);
            timer.Inner = base.CreateTimer(
                s =>
                {
                    timer.Fired();
                    callback(s);
                },
                state,
                dueTime,
                period);
            timer.Set(dueTime, period);
            return timer;
        }

        private sealed class CountedTimer(ActivityClock clock) : ITimer
        {
            private readonly Lock _gate = new();
            private bool _armed;
            private bool _periodic;

            public ITimer Inner { get; set; } = null!;

            public bool Change(TimeSpan dueTime, TimeSpan period)
            {
                var changed = Inner.Change(dueTime, period);
                Set(dueTime, period);
                return changed;
            }

            public void Dispose()
            {
                Inner.Dispose();
                Set(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }

            public ValueTask DisposeAsync()
            {
                Dispose();
                return ValueTask.CompletedTask;
            }

            public void Set(TimeSpan dueTime, TimeSpan period)
            {
                lock (_gate)
                {
                    var armed = dueTime != Timeout.InfiniteTimeSpan;
                    _periodic = armed && period != Timeout.InfiniteTimeSpan && period != TimeSpan.Zero;
                    if (armed)
                    {
                        Interlocked.Increment(ref clock._arms);
                    }

                    Track(armed);
                }
            }

            public void Fired()
            {
                Interlocked.Increment(ref clock._fired);
                lock (_gate)
                {
                    Track(_periodic);
                }
            }

            private void Track(bool armed)
            {
                if (armed != _armed)
                {
                    Interlocked.Add(ref clock._pending, armed ? 1 : -1);
                    _armed = armed;
                }
            }
        }
    }

    private sealed class CountingHandler(SinkActivity activity, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var id = Interlocked.Increment(ref activity._nextId);
            request.Headers.Add(RequestIdHeader, id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            activity._inFlight[id] = 0;
            try
            {
                var response = await base.SendAsync(request, cancellationToken);
                // The body too: reading it is I/O the sink does before it decides anything.
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                return response;
            }
            finally
            {
                Interlocked.Exchange(ref activity._armsAtLastAnswer, activity.Clock.Arms);
                Interlocked.Exchange(ref activity._pendingAtLastAnswer, activity.Clock.Pending);
                Interlocked.Increment(ref activity._answered);
                activity._inFlight.TryRemove(id, out _);
            }
        }
    }
}
