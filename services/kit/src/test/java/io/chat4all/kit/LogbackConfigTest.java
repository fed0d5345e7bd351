package io.chat4all.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The services' logback.xml, in a context of its own, writing to a console slower than its loggers. */
class LogbackConfigTest {

    private static final int THREADS = 4;
    private static final int LINES_PER_THREAD = 500;
    /** Per write while the loggers run: far slower than they are, so the queue fills. */
    private static final long WRITE_NANOS = 50_000;

    @Test
    void aFullQueueMakesLoggersWaitAndStopWritesOutEveryLine() throws Exception {
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        PrintStream console = System.out;
        SlowStream slowConsole = new SlowStream(written);
        System.setOut(new PrintStream(slowConsole, true, StandardCharsets.UTF_8));
        try {
            LoggerContext context = configured();
            Logger log = context.getLogger("burst");
            try (ExecutorService loggers = Executors.newFixedThreadPool(THREADS)) {
                for (int thread = 0; thread < THREADS; thread++) {
                    int t = thread;
                    loggers.submit(() -> {
                        for (int line = 0; line < LINES_PER_THREAD; line++) {
                            log.info("message accepted {}-{}", t, line);
                        }
                    });
                }
            }
            slowConsole.slow = false;   // the rest drains within the stop's bounded wait, however loaded the machine
            context.stop();
        } finally {
            System.setOut(console);
        }

        long lines = written.toString(StandardCharsets.UTF_8).lines()
                .filter(line -> line.contains("\"message\":\"message accepted "))
                .count();
        assertEquals(THREADS * LINES_PER_THREAD, lines, "every INFO line written, none discarded");
    }

    @Test
    void theServicesPerMessageLinesAreOffUnlessChat4allLogLevelAsksForThem() throws Exception {
        LoggerContext byDefault = configured();
        assertFalse(byDefault.getLogger("io.chat4all.api.messages.MessageAcceptor").isDebugEnabled());
        assertTrue(byDefault.getLogger("io.chat4all.api.messages.MessageAcceptor").isInfoEnabled());
        byDefault.stop();

        // Logback reads a variable from system properties before the environment: the same as the env variable.
        System.setProperty("CHAT4ALL_LOG_LEVEL", "DEBUG");
        try {
            LoggerContext debug = configured();
            assertTrue(debug.getLogger("io.chat4all.api.messages.MessageAcceptor").isDebugEnabled());
            assertFalse(debug.getLogger("org.apache.kafka.clients.Metadata").isDebugEnabled(),
                    "only the services' own lines");
            debug.stop();
        } finally {
            System.clearProperty("CHAT4ALL_LOG_LEVEL");
        }
    }

    private static LoggerContext configured() throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        URL config = LogbackConfigTest.class.getResource("/logback.xml");
        configurator.doConfigure(config);
        return context;
    }

    /** A console that takes its time over every write, like a busy disk or a slow pipe, until told otherwise. */
    private static final class SlowStream extends OutputStream {
        private final ByteArrayOutputStream target;
        volatile boolean slow = true;

        SlowStream(ByteArrayOutputStream target) {
            this.target = target;
        }

        @Override
        public synchronized void write(int b) {
            target.write(b);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            if (slow) {
                LockSupport.parkNanos(WRITE_NANOS);
            }
            target.write(bytes, offset, length);
        }
    }
}
