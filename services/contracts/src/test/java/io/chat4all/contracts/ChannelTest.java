package io.chat4all.contracts;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ChannelTest {

    @Test
    void whatsappAddressesAreE164Numbers() {
        assertEquals(Optional.of("+5511987654321"), Channel.WHATSAPP.canonicalAddress("+5511987654321"));
        for (String invalid : new String[] {"5511987654321", "+0511987654", "+55 11 98765", "+1234567", "+1234567890123456",
                "", "+55119876543a"}) {
            assertEquals(Optional.empty(), Channel.WHATSAPP.canonicalAddress(invalid), invalid);
        }
    }

    @Test
    void instagramHandlesAreKeptInLowerCase() {
        assertEquals(Optional.of("ana.souza_1"), Channel.INSTAGRAM.canonicalAddress("Ana.Souza_1"));
        for (String invalid : new String[] {".ana", "ana.", "ana..souza", "ana souza", "", "a".repeat(31), "ana/../x",
                "anã"}) {
            assertEquals(Optional.empty(), Channel.INSTAGRAM.canonicalAddress(invalid), invalid);
        }
    }

    @Test
    void wireNamesNameTheOutboundTopics() {
        assertEquals(Optional.of(Channel.WHATSAPP), Channel.fromWireName("WhatsApp"));
        assertEquals(Optional.empty(), Channel.fromWireName("telegram"));
        assertEquals("outbound.instagram", Channel.INSTAGRAM.outboundTopic().name());
    }

    @Test
    void everyTopicNameIsWrittenOnce() {
        assertEquals(Topics.all().size(), Topics.all().stream().map(Topic::name).distinct().count());
        assertEquals(true, Topics.all().contains(Channel.WHATSAPP.outboundTopic()));
    }
}
