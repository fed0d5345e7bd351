package io.chat4all.it;

import java.nio.file.Path;

import io.chat4all.stack.LocalStack;
import io.chat4all.stack.Services;
import io.chat4all.stack.StackConfig;
import io.chat4all.stack.StackProgress;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the real stack once per test run (not per class) with the same launcher code as {@code ./chat4all up}:
 * the telemetry pipeline (as {@code CHAT4ALL_TELEMETRY} says: CI requires it), Kafka, Cassandra, then every service of {@code Services.ALL} (api, router, provider-sim, the connectors) as separate
 * JVMs with the OpenTelemetry agent. JUnit closes it when the run ends, because the stack lives in the root store and
 * is {@link AutoCloseable}.
 */
public final class TestStack implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestStack.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == LocalStack.class || type == ApiClient.class
                || type == CassandraProbe.class || type == KafkaProbe.class || type == ProviderSim.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        LocalStack stack = stack(context);
        Class<?> type = parameter.getParameter().getType();
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        if (type == CassandraProbe.class) {
            return store.getOrComputeIfAbsent(CassandraProbe.class, key -> new CassandraProbe(stack), CassandraProbe.class);
        }
        if (type == KafkaProbe.class) {
            return store.getOrComputeIfAbsent(KafkaProbe.class, key -> new KafkaProbe(stack), KafkaProbe.class);
        }
        if (type == ProviderSim.class) {
            return new ProviderSim(stack.uri(Services.PROVIDER_SIM));
        }
        return type == LocalStack.class ? stack : new ApiClient(stack.apiUri());
    }

    /** Skips a telemetry test when the stack runs without the pipeline (never in CI: .ci/run requires it). */
    static void assumeTelemetry(LocalStack stack) {
        Assumptions.assumeTrue(stack.telemetryEnabled(), "the telemetry pipeline is not running (CHAT4ALL_TELEMETRY)");
    }

    static LocalStack stack(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(LocalStack.class, type -> start(), LocalStack.class);
    }

    private static LocalStack start() {
        Path root = Path.of(System.getProperty("chat4all.root", "..")).toAbsolutePath().normalize();
        Path home = Path.of(System.getProperty("chat4all.test-home", "target/stack")).toAbsolutePath()
                .resolve("run-" + System.currentTimeMillis());
        StackConfig config = StackConfig.forTests(root, home);
        LocalStack stack = new LocalStack(config, StackProgress.console(config.services()));
        try {
            stack.startTelemetry();
            stack.startInfrastructure();
            stack.startServices();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }
}
