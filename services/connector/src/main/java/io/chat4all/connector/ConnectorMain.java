package io.chat4all.connector;

import io.chat4all.kit.ServiceMain;

/** Starts a connector for the channel in {@code connector.channel}; SIGTERM stops it cleanly. */
public final class ConnectorMain {
    private ConnectorMain() {
    }

    public static void main(String[] args) {
        ServiceMain.run("connector", Connector::start);
    }
}
