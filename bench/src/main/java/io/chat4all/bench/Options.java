package io.chat4all.bench;

import java.util.HashMap;
import java.util.Map;

/** Parses {@code --name value} pairs; anything else is a usage error. */
final class Options {
    private Options() {
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: --name value ... (got '" + args[i] + "')");
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }
}
