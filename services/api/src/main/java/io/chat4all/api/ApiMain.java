package io.chat4all.api;

import io.chat4all.kit.ServiceMain;

/** Starts the api; SIGTERM stops it cleanly. */
public final class ApiMain {
    private ApiMain() {
    }

    public static void main(String[] args) {
        ServiceMain.run("api", ApiServer::start);
    }
}
