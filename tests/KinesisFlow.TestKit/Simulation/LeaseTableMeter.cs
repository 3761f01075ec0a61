using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using KinesisFlow.Coordination.Lag;
using KinesisFlow.Coordination.Leases;

namespace KinesisFlow.TestKit.Simulation;

/// <summary>
/// Counts every call a fleet makes to its lease table, whatever the protocol: <see cref="Wrap{T}"/> puts any store
/// interface behind a proxy that counts each method by name, sizes what it read and wrote, and charges DynamoDB capacity
/// (<see cref="DynamoDbCapacity"/>). Methods named List*, Get*, Scan*, Query* or Read* are reads; they are strongly
/// consistent except Scan*, Query*, ListOwned* and ReadLeader* (by the store's contract: the balancing scan, queries of the
/// <c>leaseOwner</c> index, which can only be eventually consistent, and the followers' read of the leader item); EnsureReady* is a control call without capacity;
/// everything else is a write. Leases and heartbeats are sized as their DynamoDB item (a heartbeat written with a lag
/// report: the heartbeat item carrying it), strings (keys) by their length, any other item (a leader lock) by its JSON form, and a result holding several collections by all of them. The proxy also plays the network: every answer arrives <c>latency</c> of simulated
/// time after the call was applied, and a seeded share of calls is throttled (nothing applied, a TimeoutException after
/// the latency).
/// </summary>
public sealed class LeaseTableMeter(TimeProvider time, TimeSpan latency, double throttleRate = 0, int seed = 1)
{
    private readonly ConcurrentDictionary<string, long> _calls = new(StringComparer.Ordinal);
    private readonly Random _throttle = new(seed);
    private readonly Lock _gate = new();
    private long _itemsRead;
    private long _bytesRead;
    private long _bytesWritten;
    private double _readUnits;
    private double _writeUnits;
    private long _throttled;
    private int _inFlight;
    private int _waiting;
    private long _started;
    private long _windowStart = time.GetTimestamp();

    /// <summary>Calls started and not answered yet.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Of those, the ones waiting for their answer to arrive (on simulated time): nobody computes for them.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Every call started since the meter was made.</summary>
    public long Started => Interlocked.Read(ref _started);

    /// <summary>Throttled calls since <see cref="Reset"/>.</summary>
    public long Throttled => Interlocked.Read(ref _throttled);

    /// <summary>The share of calls throttled from now on (a fleet may be started calm and then stressed).</summary>
    public double ThrottleRate { get; set; } = throttleRate;

    /// <summary><paramref name="inner"/> behind the counting, latency and throttling.</summary>
    public T Wrap<T>(T inner)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(inner);
        var proxy = DispatchProxy.Create<T, MeteredCalls<T>>();
        ((MeteredCalls<T>)(object)proxy).Attach(inner, this);
        return proxy;
    }

    /// <summary>Starts a new counting window now.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _calls.Clear();
            (_itemsRead, _bytesRead, _bytesWritten, _readUnits, _writeUnits, _throttled) = (0, 0, 0, 0, 0, 0);
            _windowStart = time.GetTimestamp();
        }
    }

    /// <summary>What was counted since <see cref="Reset"/> (or the start).</summary>
    public LeaseTableUsage Usage()
    {
        lock (_gate)
        {
            return new LeaseTableUsage(
                time.GetElapsedTime(_windowStart),
                new Dictionary<string, long>(_calls, StringComparer.Ordinal),
                _itemsRead,
                _bytesRead,
                _bytesWritten,
                _readUnits,
                _writeUnits);
        }
    }

    internal async Task<TResult> CallAsync<TResult>(MethodInfo method, object?[] args, Func<Task<TResult>> call)
    {
        Interlocked.Increment(ref _inFlight);
        Interlocked.Increment(ref _started);
        try
        {
            var cancellationToken = args.OfType<CancellationToken>().FirstOrDefault();
            if (ShouldThrottle())
            {
                Count(method, "(throttled)");
                Interlocked.Increment(ref _throttled);
                await AnswerAsync(cancellationToken);
                throw new TimeoutException($"{method.Name}: throttled (simulated)");
            }

            var result = await call();
            Account(method, args, result);
            await AnswerAsync(cancellationToken);
            return result;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task AnswerAsync(CancellationToken cancellationToken)
    {
        if (latency <= TimeSpan.Zero)
        {
            return;
        }

        Interlocked.Increment(ref _waiting);
        try
        {
            await Task.Delay(latency, time, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    private bool ShouldThrottle()
    {
        var rate = ThrottleRate;
        if (rate <= 0)
        {
            return false;
        }

        lock (_gate)
        {
            return _throttle.NextDouble() < rate;
        }
    }

    private void Account(MethodInfo method, object?[] args, object? result)
    {
        var name = method.Name;
        if (name.StartsWith("EnsureReady", StringComparison.Ordinal))
        {
            Count(method, string.Empty);
            return;
        }

        var isRead = name.StartsWith("List", StringComparison.Ordinal) || name.StartsWith("Get", StringComparison.Ordinal)
            || name.StartsWith("Scan", StringComparison.Ordinal) || name.StartsWith("Query", StringComparison.Ordinal)
            || name.StartsWith("Read", StringComparison.Ordinal);
        lock (_gate)
        {
            Count(method, string.Empty);
            if (isRead)
            {
                var (items, bytes) = Measure(result);
                _itemsRead += items;
                _bytesRead += bytes;
                var eventual = name.StartsWith("Scan", StringComparison.Ordinal) || name.StartsWith("Query", StringComparison.Ordinal)
                    || name.StartsWith("ListOwned", StringComparison.Ordinal) || name.StartsWith("ReadLeader", StringComparison.Ordinal);
                _readUnits += DynamoDbCapacity.ReadUnits(bytes, consistent: !eventual);
            }
            else
            {
                // The item written: the lease (or other record) the call names, as the writer saw it.
                var written = args.FirstOrDefault(arg => arg is not null and not CancellationToken and not string);
                var (_, bytes) = Measure(written);
                _bytesWritten += bytes;
                _writeUnits += DynamoDbCapacity.WriteUnits(bytes);
            }
        }
    }

    private void Count(MethodInfo method, string suffix)
    {
        var kind = method.Name.EndsWith("Async", StringComparison.Ordinal) ? method.Name[..^"Async".Length] : method.Name;
        _calls.AddOrUpdate(suffix.Length == 0 ? kind : $"{kind} {suffix}", 1, (_, count) => count + 1);
    }

    // A heartbeat write names its worker apart from the lag report it carries; sized with an id of a typical length.
    private const string NominalWorkerId = "ip-10-0-1-17-4242";

    private static (long Items, long Bytes) Measure(object? value) => value switch
    {
        null or bool => (0, 0),
        Lease lease => (1, DynamoDbCapacity.ItemBytes(lease)),
        WorkerHeartbeat heartbeat => (1, DynamoDbCapacity.ItemBytes(heartbeat)),
        LagReport lags => (1, DynamoDbCapacity.ItemBytes(new WorkerHeartbeat(NominalWorkerId, 0, lags))),
        string key => (1, System.Text.Encoding.UTF8.GetByteCount(key)),
        IEnumerable many => Sum(many),
        _ => Collections(value) is { Items: > 0 } all ? all : (1, JsonSerializer.SerializeToUtf8Bytes(value, value.GetType()).Length),
    };

    /// <summary>A result made of several collections (e.g. leases and heartbeats of one scan): all of their items.</summary>
    private static (long Items, long Bytes) Collections(object value)
    {
        long items = 0, bytes = 0;
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0 && property.PropertyType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(property.PropertyType))
            {
                var (i, b) = Measure(property.GetValue(value));
                items += i;
                bytes += b;
            }
        }

        return (items, bytes);
    }

    private static (long Items, long Bytes) Sum(IEnumerable many)
    {
        long items = 0, bytes = 0;
        foreach (var one in many)
        {
            var (i, b) = Measure(one);
            items += i;
            bytes += b;
        }

        return (items, bytes);
    }
}

/// <summary>The proxy <see cref="LeaseTableMeter.Wrap{T}"/> hands out (public and unsealed: DispatchProxy's rule).</summary>
public class MeteredCalls<T> : DispatchProxy
    where T : class
{
    private static readonly MethodInfo CallAsyncDefinition =
        typeof(LeaseTableMeter).GetMethod(nameof(LeaseTableMeter.CallAsync), BindingFlags.Instance | BindingFlags.NonPublic)!;

    private static readonly ConcurrentDictionary<Type, MethodInfo> CallAsyncOf = new();

    private T? _inner;
    private LeaseTableMeter? _meter;

    internal void Attach(T inner, LeaseTableMeter meter) => (_inner, _meter) = (inner, meter);

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var arguments = args ?? [];
        var returns = targetMethod.ReturnType;
        if (returns == typeof(Task))
        {
            return _meter!.CallAsync(targetMethod, arguments, async () =>
            {
                await (Task)Forward(targetMethod, arguments)!;
                return true;
            });
        }

        if (returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(Task<>))
        {
            var callAsync = CallAsyncOf.GetOrAdd(returns.GetGenericArguments()[0], result => CallAsyncDefinition.MakeGenericMethod(result));
            var forward = ForwardAs(returns.GetGenericArguments()[0], targetMethod, arguments);
            return callAsync.Invoke(_meter, [targetMethod, arguments, forward]);
        }

        return Forward(targetMethod, arguments);
    }

    private Delegate ForwardAs(Type result, MethodInfo method, object?[] args)
    {
        var factory = typeof(MeteredCalls<T>).GetMethod(nameof(Forwarder), BindingFlags.Instance | BindingFlags.NonPublic)!.MakeGenericMethod(result);
        return (Delegate)factory.Invoke(this, [method, args])!;
    }

    private Func<Task<TResult>> Forwarder<TResult>(MethodInfo method, object?[] args) => () => (Task<TResult>)Forward(method, args)!;

    private object? Forward(MethodInfo method, object?[] args)
    {
        try
        {
            return method.Invoke(_inner, args);
        }
        catch (TargetInvocationException wrapped) when (wrapped.InnerException is { } inner)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(inner);
            throw;
        }
    }
}
