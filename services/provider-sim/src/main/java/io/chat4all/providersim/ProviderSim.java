package io.chat4all.providersim;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.chat4all.kit.RunningService;
import io.chat4all.kit.http.JsonBodies;
import io.chat4all.kit.http.RouteTable;
import io.chat4all.kit.http.ServiceWebServer;
import io.helidon.config.Config;
import io.helidon.webserver.WebServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running simulator: its channels, the webhook machinery and the web server, wired from config alone. */
public final class ProviderSim implements RunningService {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderSim.class);

    private final WebServer server;
    private final WebhookSender webhooks;
    private final ScheduledExecutorService scheduler;
    private final MediaFetcher media;

    private ProviderSim(WebServer server, WebhookSender webhooks, ScheduledExecutorService scheduler,
                        MediaFetcher media) {
        this.server = server;
        this.webhooks = webhooks;
        this.scheduler = scheduler;
        this.media = media;
    }

    /**
     * Starts serving. Refuses to start without a webhook secret.
     *
     * @param config the root config: {@code server} and {@code provider}
     */
    public static ProviderSim start(Config config) {
        ProviderSettings settings = ProviderSettings.from(config.get("provider"));
        // Only fires timers and hands webhooks to the HTTP client, which sends them asynchronously: one thread is plenty.
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("provider-sim-scheduler").daemon().factory());
        WebhookSender webhooks = new WebhookSender(settings.delivery(), new WebhookSignature(settings.webhookSecret()),
                scheduler);
        MediaFetcher media = new MediaFetcher();
        try {
            Clock clock = Clock.systemUTC();
            SimulatedChannels channels = new SimulatedChannels(settings);
            JsonBodies bodies = new JsonBodies(ServiceWebServer.maxBody(config.get("server")));
            ChannelApi channelApi = new ChannelApi(channels, new ReceiptScheduler(webhooks, scheduler, clock), media,
                    bodies, clock);
            AdminApi adminApi = new AdminApi(channels, webhooks, bodies, clock);
            WebServer server = ServiceWebServer.build(config.get("server"), rules -> {
                RouteTable routes = new RouteTable(rules);
                channelApi.register(routes);
                adminApi.register(routes);
                routes.refuseOtherMethods();
            }, List.of()).start();
            channels.all().forEach(channel -> LOG.info("{} webhooks go to {}", channel.channel().wireName(),
                    channel.webhook()));
            return new ProviderSim(server, webhooks, scheduler, media);
        } catch (RuntimeException e) {
            media.close();
            webhooks.close();
            scheduler.shutdownNow();
            throw e;
        }
    }

    @Override
    public int port() {
        return server.port();
    }

    /** Stops serving; receipts not yet delivered are dropped. */
    @Override
    public void close() {
        server.stop();
        scheduler.shutdownNow();
        webhooks.close();
        media.close();
    }
}
