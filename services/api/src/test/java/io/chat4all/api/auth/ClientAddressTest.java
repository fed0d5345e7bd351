package io.chat4all.api.auth;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class ClientAddressTest {

    @Test
    void anIpv4ClientIsItsAddress() throws Exception {
        assertEquals("192.0.2.1", ClientAddress.of(InetAddress.getByName("192.0.2.1")).key());
        assertNotEquals(ClientAddress.of(InetAddress.getByName("192.0.2.1")), ClientAddress.of(InetAddress.getByName("192.0.2.2")));
    }

    @Test
    void anIpv6ClientIsItsSlash64Network() throws Exception {
        ClientAddress one = ClientAddress.of(InetAddress.getByName("2001:db8:1:2::1"));
        ClientAddress sameNetwork = ClientAddress.of(InetAddress.getByName("2001:db8:1:2:ffff:ffff:ffff:ffff"));
        ClientAddress nextNetwork = ClientAddress.of(InetAddress.getByName("2001:db8:1:3::1"));
        assertEquals("20010db800010002::/64", one.key());
        assertEquals(one, sameNetwork);
        assertNotEquals(one, nextNetwork);
    }

    @Test
    void anIpv4MappedAddressCountsAsIpv4() throws Exception {
        assertEquals("192.0.2.1", ClientAddress.of(InetAddress.getByName("::ffff:192.0.2.1")).key());
    }
}
