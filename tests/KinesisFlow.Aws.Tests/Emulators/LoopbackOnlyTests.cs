using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using KinesisFlow.Emulators;

namespace KinesisFlow.Aws.Tests.Emulators;

/// <summary>
/// Every emulator listens on 127.0.0.1 only. kinesis-mock's and kinesalite's own default is every interface, which
/// would expose them to the network; launch.js binds them to loopback.
/// </summary>
public sealed class LoopbackOnlyTests
{
    [Theory]
    [InlineData(EmulatorKind.KinesisMock)]
    [InlineData(EmulatorKind.Kinesalite)]
    [InlineData(EmulatorKind.Dynalite)]
    public async Task Is_not_reachable_through_any_other_address_of_this_machine(EmulatorKind kind)
    {
        await using var emulator = await EmulatorHost.StartAsync(kind);
        Assert.Equal("127.0.0.1", emulator.Endpoint.Host);
        Assert.True(await AcceptsAsync(IPAddress.Loopback, emulator.Endpoint.Port), "the endpoint itself must accept");

        foreach (var address in OtherLocalAddresses())
        {
            Assert.False(await AcceptsAsync(address, emulator.Endpoint.Port), $"{kind} accepted a connection on {address}");
        }
    }

    // Every address this machine answers on besides 127.0.0.1: its interfaces' addresses and ::1 (a listener on
    // "all interfaces" accepts on each of them).
    private static IEnumerable<IPAddress> OtherLocalAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(nic => nic.OperationalStatus == OperationalStatus.Up)
            .SelectMany(nic => nic.GetIPProperties().UnicastAddresses)
            .Select(unicast => unicast.Address)
            .Where(address => !address.Equals(IPAddress.Loopback) && !address.IsIPv6LinkLocal)
            .Append(IPAddress.IPv6Loopback)
            .Distinct();

    private static async Task<bool> AcceptsAsync(IPAddress address, int port)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && !Socket.OSSupportsIPv6)
        {
            return false;
        }

        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, port), timeout.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
