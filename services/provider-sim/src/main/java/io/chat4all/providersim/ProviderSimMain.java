package io.chat4all.providersim;

import io.chat4all.kit.ServiceMain;

/** Starts the provider simulator; SIGTERM stops it. */
public final class ProviderSimMain {
    private ProviderSimMain() {
    }

    public static void main(String[] args) {
        ServiceMain.run("provider-sim", ProviderSim::start);
    }
}
