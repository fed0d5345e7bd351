package io.chat4all.api;

import java.time.Clock;
import java.util.List;

import com.datastax.oss.driver.api.core.CqlSession;
import com.github.benmanes.caffeine.cache.Ticker;
import io.chat4all.api.auth.AuthEndpoints;
import io.chat4all.api.auth.AuthSettings;
import io.chat4all.api.auth.BearerAuthentication;
import io.chat4all.api.auth.JwtTokens;
import io.chat4all.api.auth.LoginThrottle;
import io.chat4all.api.auth.PasswordHasher;
import io.chat4all.api.auth.PasswordHashingPool;
import io.chat4all.api.auth.UserStore;
import io.chat4all.api.conversations.ConversationAccess;
import io.chat4all.api.conversations.ConversationEndpoints;
import io.chat4all.api.conversations.ConversationStore;
import io.chat4all.api.conversations.Conversations;
import io.chat4all.api.conversations.MembershipCache;
import io.chat4all.api.files.FileEndpoints;
import io.chat4all.api.files.FileLinks;
import io.chat4all.api.files.FileService;
import io.chat4all.api.files.FileSettings;
import io.chat4all.api.files.FileStorage;
import io.chat4all.api.files.FileStore;
import io.chat4all.api.files.FilesystemFileStorage;
import io.chat4all.api.files.S3FileStorage;
import io.chat4all.api.health.CassandraHealthCheck;
import io.chat4all.api.identities.IdentityEndpoints;
import io.chat4all.kit.http.ServiceWebServer;
import io.chat4all.kit.http.JsonBodies;
import io.chat4all.api.messages.AcceptLimit;
import io.chat4all.api.messages.AcceptedMessages;
import io.chat4all.api.messages.AcceptedMessageStore;
import io.chat4all.api.messages.IdempotencyKeys;
import io.chat4all.api.messages.MessageAcceptor;
import io.chat4all.api.messages.MessageEndpoints;
import io.chat4all.api.messages.MessageHistory;
import io.chat4all.api.messages.MessagePublisher;
import io.chat4all.api.messages.MessageStatuses;
import io.chat4all.api.messages.MessageStore;
import io.chat4all.api.openapi.OpenApiEndpoint;
import io.chat4all.kit.CassandraSessions;
import io.chat4all.kit.CassandraSettings;
import io.chat4all.kit.KafkaSettings;
import io.chat4all.kit.RunningService;
import io.helidon.config.Config;
import io.helidon.webserver.WebServer;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.metrics.Meter;

/**
 * The api, running: a Helidon web server (handlers on virtual threads, so they block freely), a Cassandra session,
 * a Kafka producer and the password hashing threads, all configured from the given {@link Config} alone.
 */
public final class ApiServer implements RunningService {
    private final WebServer server;
    private final MessagePublisher publisher;
    private final CqlSession session;
    private final PasswordHashingPool hashing;
    private final FileStorage fileStorage;

    private ApiServer(WebServer server, MessagePublisher publisher, CqlSession session, PasswordHashingPool hashing,
                      FileStorage fileStorage) {
        this.server = server;
        this.publisher = publisher;
        this.session = session;
        this.hashing = hashing;
        this.fileStorage = fileStorage;
    }

    /**
     * Connects to Cassandra and Kafka and starts serving. Refuses to start without a valid {@code auth.secret}.
     *
     * @param config the root config: {@code server}, {@code kafka}, {@code cassandra}, {@code auth},
     *               {@code conversations}, {@code messages}, {@code files}
     */
    public static ApiServer start(Config config) {
        AuthSettings auth = AuthSettings.from(config.get("auth"));
        FileSettings files = FileSettings.from(config.get("files"));
        Meter meter = GlobalOpenTelemetry.getMeter("io.chat4all.api");
        CqlSession session = CassandraSessions.open(CassandraSettings.from(config.get("cassandra")));
        MessagePublisher publisher = null;
        PasswordHashingPool hashing = null;
        FileStorage fileStorage = null;
        try {
            fileStorage = fileStorage(files);
            publisher = MessagePublisher.create(KafkaSettings.from(config.get("kafka")), meter);
            hashing = new PasswordHashingPool(PasswordHashingPool.Settings.from(config.get("auth.password-hashing")),
                    meter);
            ApiRoutes routes = routes(config, session, publisher, hashing, auth, files, fileStorage, meter);
            WebServer server = ServiceWebServer.build(config.get("server"), routes::register,
                    List.of(new CassandraHealthCheck(session)), List.of(ApiRoutes.upload(files.maxSize()))).start();
            return new ApiServer(server, publisher, session, hashing, fileStorage);
        } catch (RuntimeException e) {
            if (hashing != null) {
                hashing.close();
            }
            if (fileStorage != null) {
                fileStorage.close();
            }
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
        hashing.close();
        publisher.close();
        fileStorage.close();
        session.close();
    }

    private static FileStorage fileStorage(FileSettings files) {
        return switch (files.storage()) {
            case FILESYSTEM -> new FilesystemFileStorage(files.dir());
            case S3 -> S3FileStorage.connect(files.s3().orElseThrow());
        };
    }

    private static ApiRoutes routes(Config config, CqlSession session, MessagePublisher publisher,
                                    PasswordHashingPool hashing, AuthSettings auth, FileSettings fileSettings,
                                    FileStorage fileStorage, Meter meter) {
        JsonBodies bodies = new JsonBodies(ServiceWebServer.maxBody(config.get("server")));
        Clock clock = Clock.systemUTC();
        UserStore users = new UserStore(session);
        JwtTokens tokens = new JwtTokens(auth, clock);
        ConversationStore conversationStore = new ConversationStore(session);
        MembershipCache memberships = new MembershipCache(
                MembershipCache.settings(config.get("conversations.membership-cache")), conversationStore::role,
                Ticker.systemTicker(), meter);
        ConversationAccess access = new ConversationAccess(conversationStore, memberships);
        MessageStore messageStore = new MessageStore(session);
        BearerAuthentication bearer = new BearerAuthentication(tokens);
        FileService files = new FileService(access, new FileStore(session), fileStorage,
                new FileLinks(auth.secret(), fileSettings.linkBase(), fileSettings.linkTtl(), clock),
                fileSettings.maxSize(), clock);
        LoginThrottle throttle = new LoginThrottle(LoginThrottle.Settings.from(config.get("auth.login-throttle")),
                Ticker.systemTicker(), meter);
        return new ApiRoutes(
                OpenApiEndpoint.fromClasspath(),
                new AuthEndpoints(users, new PasswordHasher(auth.bcryptCost(), hashing), throttle, tokens, clock, bodies),
                bearer,
                new ConversationEndpoints(new Conversations(conversationStore, memberships, publisher, users, clock), bodies),
                IdentityEndpoints.create(session, conversationStore, publisher, clock, bodies),
                new MessageEndpoints(
                        new MessageAcceptor(access, new AcceptedMessageStore(session), publisher,
                                new IdempotencyKeys(auth.secret()), files, clock),
                        new MessageHistory(access, messageStore),
                        new MessageStatuses(access, conversationStore, messageStore, publisher, clock),
                        bodies),
                new FileEndpoints(files, bearer),
                new AcceptLimit(AcceptLimit.Settings.from(config.get("messages")), meter),
                new AcceptedMessages(meter));
    }
}
