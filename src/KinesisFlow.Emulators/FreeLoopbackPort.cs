using System.Net;
using System.Net.Sockets;

namespace KinesisFlow.Emulators;

/// <summary>
/// Asks the OS for a port that is free on 127.0.0.1 right now: the one helper for it, used by the emulator launcher and
/// by the tests (a port for a process to listen on, or a port nobody listens on).
/// </summary>
public static class FreeLoopbackPort
{
    /// <remarks>
    /// Another process could take the port between this call and the emulator's listen; the host then sees
    /// EADDRINUSE in the emulator's output and tries again with a new port.
    /// </remarks>
    public static int Pick()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
