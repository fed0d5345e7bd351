package io.chat4all.kit.http;

import java.util.Map;

import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.RecyclerPool;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {

    @Test
    void theBuffersOfAVirtualThreadThatWroteJsonAreThereForTheNextOne() throws InterruptedException {
        RecyclerPool<BufferRecycler> pool = Json.MAPPER.getFactory()._getRecyclerPool();

        Thread.ofVirtual().start(() -> Json.bytes(Map.of("text", "hello"))).join();

        // A per-thread pool (Jackson's default) cannot count what it holds and answers -1; its buffers die with the
        // virtual thread.
        assertTrue(pool.pooledCount() >= 1, "buffers pooled after the thread ended: " + pool.pooledCount());
    }
}
