package io.chat4all.kit.consumer;

import java.lang.reflect.Proxy;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.charset.MalformedInputException;
import java.util.AbstractMap.SimpleEntry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.NoNodeAvailableException;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.api.core.connection.HeartbeatException;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.servererrors.BootstrappingException;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.ServerError;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.WriteType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.codec.CodecNotFoundException;
import com.datastax.oss.driver.api.core.type.reflect.GenericType;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FailureClassifierTest {
    private static final Node NODE = node();

    /** Stands in for a codec's "this record is unusable" exception. */
    private static final class BadRecordException extends Exception {
        BadRecordException() {
            super("undecodable");
        }
    }

    private final FailureClassifier classifier = new FailureClassifier(List.of(BadRecordException.class));

    @Test
    void cassandraNotAnsweringIsTransient() {
        for (Throwable failure : List.of(
                new DriverTimeoutException("Query timed out after PT5S"),
                new WriteTimeoutException(NODE, ConsistencyLevel.ONE, 0, 1, WriteType.UNLOGGED_BATCH),
                new UnavailableException(NODE, ConsistencyLevel.ONE, 1, 0),
                new OverloadedException(NODE),
                new BootstrappingException(NODE),
                new NoNodeAvailableException())) {
            assertEquals(FailureClass.TRANSIENT, classifier.classify(failure), failure.toString());
        }
    }

    @Test
    void allNodesFailingOnTheirConnectionsIsTransient() {
        AllNodesFailedException allFailed = AllNodesFailedException.fromErrors(List.of(
                new SimpleEntry<>(NODE, new HeartbeatException(new InetSocketAddress(9042), "no answer", null)),
                new SimpleEntry<>(NODE, new ClosedConnectionException("closed")),
                new SimpleEntry<>(NODE, new ConnectException("refused")),
                new SimpleEntry<>(NODE, new OverloadedException(NODE))));

        assertEquals(FailureClass.TRANSIENT, classifier.classify(allFailed));
    }

    @Test
    void allNodesFailingWhenOneRejectedTheRequestIsNotTransient() {
        AllNodesFailedException allFailed = AllNodesFailedException.fromErrors(List.of(
                new SimpleEntry<>(NODE, new ClosedConnectionException("closed")),
                new SimpleEntry<>(NODE, new InvalidQueryException(NODE, "unconfigured table"))));

        assertEquals(FailureClass.UNKNOWN, classifier.classify(allFailed));
    }

    @Test
    void kafkaRetriableErrorsAreTransient() {
        assertEquals(FailureClass.TRANSIENT, classifier.classify(new TimeoutException("metadata")));
        assertEquals(FailureClass.TRANSIENT, classifier.classify(new NotLeaderOrFollowerException("moved")));
        assertEquals(FailureClass.UNKNOWN, classifier.classify(new RecordTooLargeException("too large")));
    }

    @Test
    void mistakesInTheRequestArePermanent() {
        for (Throwable failure : List.of(
                new IllegalArgumentException(new MalformedInputException(1)),   // an unpaired surrogate at bind
                new InvalidQueryException(NODE, "Invalid UTF-8"),
                new CodecNotFoundException(DataTypes.TEXT, GenericType.INTEGER))) {
            assertEquals(FailureClass.PERMANENT, classifier.classify(failure), failure.toString());
        }
    }

    @Test
    void theHandlersInvalidInputTypesAreInvalid() {
        assertEquals(FailureClass.INVALID, classifier.classify(new BadRecordException()));
        assertEquals(FailureClass.UNKNOWN, new FailureClassifier(List.of()).classify(new BadRecordException()));
    }

    @Test
    void theHandlersNotYetTypesAreTransientAndInvalidInputStillWins() {
        FailureClassifier waiting = new FailureClassifier(List.of(BadRecordException.class), List.of(IllegalStateException.class));
        assertEquals(FailureClass.TRANSIENT, waiting.classify(new CompletionException(new IllegalStateException("not yet"))));
        assertEquals(FailureClass.INVALID, waiting.classify(new BadRecordException()));
        assertEquals(FailureClass.UNKNOWN, classifier.classify(new IllegalStateException("not yet")));
    }

    @Test
    void anythingElseIsUnknownNeverTransient() {
        for (Throwable failure : List.of(new IllegalStateException("bug"), new NullPointerException(),
                new ServerError(NODE, "boom"), new RuntimeException())) {
            assertEquals(FailureClass.UNKNOWN, classifier.classify(failure), failure.toString());
        }
    }

    @Test
    void looksThroughAsyncWrappers() {
        assertEquals(FailureClass.TRANSIENT, classifier.classify(
                new CompletionException(new ExecutionException(new DriverTimeoutException("late")))));
        assertEquals(FailureClass.INVALID, classifier.classify(new CompletionException(new BadRecordException())));
        assertEquals(FailureClass.UNKNOWN, classifier.classify(new CompletionException(null)));
    }

    @Test
    void labelsAreLowerCaseNames() {
        assertEquals("transient", FailureClass.TRANSIENT.label());
        assertEquals("unknown", FailureClass.UNKNOWN.label());
    }

    /** A Node is an interface the driver builds from cluster metadata; errors only keep it as a map key. */
    private static Node node() {
        return (Node) Proxy.newProxyInstance(Node.class.getClassLoader(), new Class<?>[] {Node.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "hashCode" -> 1;
                    case "equals" -> proxy == args[0];
                    case "toString" -> "node1";
                    default -> null;
                });
    }
}
