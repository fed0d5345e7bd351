package io.chat4all.api;

import java.time.Clock;
import java.util.List;

import com.datastax.oss.driver.api.core.CqlSession;
import io.chat4all.api.auth.AuthEndpoints;
import io.chat4all.api.auth.AuthSettings;
import io.chat4all.api.auth.BearerAuthentication;
import io.chat4all.api.auth.JwtTokens;
import io.chat4all.api.auth.PasswordHasher;
import io.chat4all.api.auth.UserStore;
import io.chat4all.api.conversations.ConversationAccess;
import io.chat4all.api.conversations.ConversationEndpoints;
import io.chat4all.api.conversations.ConversationStore;
import io.chat4all.api.conversations.Conversations;
import io.chat4all.api.health.CassandraHealthCheck;
import io.chat4all.api.http.ApiWebServer;
import io.chat4all.api.http.JsonBodies;
import io.chat4all.api.messages.AcceptedMessageStore;
import io.chat4all.api.messages.MessageAcceptor;
import io.chat4all.api.messages.MessageEndpoints;
import io.chat4all.api.messages.MessageHistory;
import io.chat4all.api.messages.MessagePublisher;
import io.chat4all.api.messages.MessageStatuses;
import io.chat4all.api.messages.MessageStore;
import io.chat4all.api.openapi.OpenApiEndpoint;
import io.chat4all.common.CassandraSessions;
import io.chat4all.common.RunningService;
import io.helidon.config.Config;
import io.helidon.webserver.WebServer;

/**
 * The api, running: a Helidon web server (handlers on virtual threads, so they block freely), a Cassandra session
 * and a Kafka producer, all configured from the given {@link Config} alone.
 */
public final class ApiServer implements RunningService {
    private final WebServer server;
    private final MessagePublisher publisher;
    private final CqlSession session;

    private ApiServer(WebServer server, MessagePublisher publisher, CqlSession session) {
        this.server = server;
        this.publisher = publisher;
        this.session = session;
    }

    /**
     * Connects to Cassandra and Kafka and starts serving. Refuses to start without a valid {@code auth.secret}.
     *
     * @param config the root config: {@code server}, {@code kafka}, {@code cassandra}, {@code auth}
     */
    public static ApiServer start(Config config) {
        AuthSettings auth = AuthSettings.from(config.get("auth"));
        CqlSession session = CassandraSessions.open(config.get("cassandra"));
        MessagePublisher publisher = null;
        try {
            publisher = MessagePublisher.create(config.get("kafka"));
            ApiRoutes routes = routes(session, publisher, auth, new JsonBodies(ApiWebServer.maxBody(config.get("server"))));
            WebServer server = ApiWebServer.build(config.get("server"), routes::register,
                    List.of(new CassandraHealthCheck(session))).start();
            return new ApiServer(server, publisher, session);
        } catch (RuntimeException e) {
            if (publisher != null) {
                publisher.close();
            }
            session.close();
            throw e;
        }
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
        publisher.close();
        session.close();
    }

    private static ApiRoutes routes(CqlSession session, MessagePublisher publisher, AuthSettings auth, JsonBodies bodies) {
        Clock clock = Clock.systemUTC();
        UserStore users = new UserStore(session);
        JwtTokens tokens = new JwtTokens(auth, clock);
        ConversationStore conversationStore = new ConversationStore(session);
        ConversationAccess access = new ConversationAccess(conversationStore);
        MessageStore messageStore = new MessageStore(session);
        return new ApiRoutes(
                OpenApiEndpoint.fromClasspath(),
                new AuthEndpoints(users, new PasswordHasher(auth.bcryptCost()), tokens, clock, bodies),
                new BearerAuthentication(tokens),
                new ConversationEndpoints(new Conversations(conversationStore, users, clock), bodies),
                new MessageEndpoints(
                        new MessageAcceptor(access, new AcceptedMessageStore(session), publisher, clock),
                        new MessageHistory(access, messageStore),
                        new MessageStatuses(access, conversationStore, messageStore, clock),
                        bodies));
    }
}
