package io.chat4all.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An HTTP/1.1 client whose every exchange, response body included, completes or fails within one timeout. A
 * request's own timeout is not enough: before Java 26 it stops counting once the response headers have arrived, so
 * a server that stalls in the middle of a body would hang the caller forever.
 */
final class BoundedHttp {

    private final HttpClient http;
    private final Duration timeout;

    BoundedHttp(Duration connectTimeout, Duration timeout) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .build();
        this.timeout = timeout;
    }

    /**
     * @throws HttpTimeoutException when the exchange did not complete within the timeout (it is then cancelled)
     * @throws IOException          when it failed otherwise (connection refused, reset, ...), with the cause
     */
    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<T>> response = http.sendAsync(request, body);
        try {
            return response.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            response.cancel(true);
            throw timedOut(request);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HttpTimeoutException) {
                throw timedOut(request);
            }
            throw new IOException(request.method() + " " + request.uri() + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            response.cancel(true);
            throw e;
        }
    }

    private HttpTimeoutException timedOut(HttpRequest request) {
        return new HttpTimeoutException(request.method() + " " + request.uri() + ": no answer within "
                + timeout.toMillis() + " ms");
    }
}
