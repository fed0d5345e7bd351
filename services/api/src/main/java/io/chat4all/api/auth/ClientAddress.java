package io.chat4all.api.auth;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;

import io.helidon.webserver.http.ServerRequest;

/**
 * Who a login comes from, as failed logins are counted: the peer's IPv4 address, or the /64 network of its IPv6
 * address, since one subscriber usually holds a whole /64 and could otherwise start afresh from each of its addresses.
 *
 * @param key the address, or the /64 network, as text
 */
public record ClientAddress(String key) {
    private static final int IPV6_NETWORK_BYTES = 8;

    /** The TCP peer of the request: behind a reverse proxy, that is the proxy. */
    public static ClientAddress of(ServerRequest req) {
        if (req.remotePeer().address() instanceof InetSocketAddress socket && socket.getAddress() != null) {
            return of(socket.getAddress());
        }
        return new ClientAddress(req.remotePeer().host());
    }

    static ClientAddress of(InetAddress address) {
        if (address instanceof Inet6Address) {
            return new ClientAddress(HexFormat.of().formatHex(address.getAddress(), 0, IPV6_NETWORK_BYTES) + "::/64");
        }
        return new ClientAddress(address.getHostAddress());
    }
}
