package io.chat4all.kit.consumer;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.DriverExecutionException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.NodeUnavailableException;
import com.datastax.oss.driver.api.core.RequestThrottlingException;
import com.datastax.oss.driver.api.core.connection.BusyConnectionException;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.api.core.connection.ConnectionInitException;
import com.datastax.oss.driver.api.core.connection.HeartbeatException;
import com.datastax.oss.driver.api.core.servererrors.BootstrappingException;
import com.datastax.oss.driver.api.core.servererrors.CASWriteUnknownException;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.QueryValidationException;
import com.datastax.oss.driver.api.core.servererrors.ReadTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import com.datastax.oss.driver.api.core.type.codec.CodecNotFoundException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Sorts a failure of a record handler into a {@link FailureClass}. Only failures known to pass are transient, because
 * a transient record is retried forever while the records behind it wait: anything unknown is given a few attempts
 * and then dead-lettered, so no single record can stop its conversation for good.
 */
public final class FailureClassifier {
    /** Cassandra and its driver saying "not now": the same request can succeed once the cluster recovers. */
    private static final List<Class<? extends Throwable>> TRANSIENT = List.of(
            DriverTimeoutException.class, WriteTimeoutException.class, ReadTimeoutException.class,
            CASWriteUnknownException.class, UnavailableException.class, OverloadedException.class,
            BootstrappingException.class, NodeUnavailableException.class, RequestThrottlingException.class,
            RetriableException.class);
    /** Connection problems, as the driver reports them per node inside an {@link AllNodesFailedException}. */
    private static final List<Class<? extends Throwable>> CONNECTION = List.of(
            ClosedConnectionException.class, ConnectionInitException.class, HeartbeatException.class,
            BusyConnectionException.class, IOException.class);
    /** Errors in the request itself: sending it again sends the same mistake. */
    private static final List<Class<? extends Throwable>> PERMANENT = List.of(
            QueryValidationException.class, CodecNotFoundException.class, IllegalArgumentException.class);

    private final Set<Class<? extends Throwable>> invalidInput;
    private final Set<Class<? extends Throwable>> notYet;

    /** @param invalidInput the exceptions by which a handler says the record itself is unusable (e.g. a codec's) */
    public FailureClassifier(Collection<Class<? extends Throwable>> invalidInput) {
        this(invalidInput, List.of());
    }

    /**
     * @param invalidInput the exceptions by which a handler says the record itself is unusable (e.g. a codec's)
     * @param notYet       the exceptions by which a handler says "not yet, try again": transient, so the handler
     *                     itself must bound how often it throws them (it is told the attempt number)
     */
    public FailureClassifier(Collection<Class<? extends Throwable>> invalidInput,
                             Collection<Class<? extends Throwable>> notYet) {
        this.invalidInput = Set.copyOf(invalidInput);
        this.notYet = Set.copyOf(notYet);
    }

    public FailureClass classify(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (isAny(cause, invalidInput)) {
            return FailureClass.INVALID;
        }
        if (isTransient(cause) || isAny(cause, notYet)) {
            return FailureClass.TRANSIENT;
        }
        if (isAny(cause, PERMANENT)) {
            return FailureClass.PERMANENT;
        }
        return FailureClass.UNKNOWN;
    }

    /** The failure itself, not the wrapper that an async API or an executor put around it. */
    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException
                || cause instanceof DriverExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static boolean isTransient(Throwable failure) {
        if (isAny(failure, TRANSIENT)) {
            return true;
        }
        // No node could take the request (NoNodeAvailableException is one, with no errors at all): transient only
        // when every node failed for a reason that passes, never when one of them rejected the request itself.
        return failure instanceof AllNodesFailedException allFailed
                && allFailed.getAllErrors().values().stream().flatMap(List::stream)
                .allMatch(error -> isAny(error, CONNECTION) || isTransient(error));
    }

    private static boolean isAny(Throwable failure, Collection<Class<? extends Throwable>> types) {
        return types.stream().anyMatch(type -> type.isInstance(failure));
    }
}
