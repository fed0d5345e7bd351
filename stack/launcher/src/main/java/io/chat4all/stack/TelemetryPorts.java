package io.chat4all.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The ports of one stack's telemetry pipeline: one for each {@link TelemetryPort}. */
public record TelemetryPorts(Map<TelemetryPort, Integer> ports) {

    public TelemetryPorts {
        EnumMap<TelemetryPort, Integer> copy = new EnumMap<>(TelemetryPort.class);
        copy.putAll(ports);
        Map<Integer, TelemetryPort> owners = new HashMap<>();
        for (TelemetryPort port : TelemetryPort.values()) {
            Integer number = copy.get(port);
            if (number == null) {
                throw new IllegalArgumentException("no port for " + port);
            }
            StackPorts.requirePort(port.name(), number);
            TelemetryPort owner = owners.putIfAbsent(number, port);
            if (owner != null) {
                throw new IllegalArgumentException(owner + " and " + port + " cannot both listen on port " + number);
            }
        }
        ports = Collections.unmodifiableMap(copy);
    }

    public int of(TelemetryPort port) {
        return ports.get(port);
    }

    public static TelemetryPorts defaults() {
        return fromEnvironment(Map.of());
    }

    /** The defaults, each overridden by its {@link TelemetryPort#variable()} when set. */
    public static TelemetryPorts fromEnvironment(Map<String, String> env) {
        Map<TelemetryPort, Integer> ports = new EnumMap<>(TelemetryPort.class);
        for (TelemetryPort port : TelemetryPort.values()) {
            ports.put(port, StackPorts.port(env, port.variable(), port.defaultPort()));
        }
        return new TelemetryPorts(ports);
    }

    /** Distinct ports free on the loopback interface right now (tests run beside a developer's stack). */
    public static TelemetryPorts free() {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            Map<TelemetryPort, Integer> ports = new EnumMap<>(TelemetryPort.class);
            for (TelemetryPort port : TelemetryPort.values()) {
                // All stay open until each is picked, so the OS cannot hand out the same port twice.
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports.put(port, socket.getLocalPort());
            }
            return new TelemetryPorts(ports);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reserve free loopback ports", e);
        } finally {
            sockets.forEach(StackPorts::closeQuietly);
        }
    }
}
