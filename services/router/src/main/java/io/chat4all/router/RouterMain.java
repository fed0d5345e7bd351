package io.chat4all.router;

import io.chat4all.kit.ServiceMain;

/** Starts the router; SIGTERM stops it cleanly (stored records committed, consumer closed). */
public final class RouterMain {
    private RouterMain() {
    }

    public static void main(String[] args) {
        ServiceMain.run("router", Router::start);
    }
}
