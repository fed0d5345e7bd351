package io.chat4all.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Parses {@code --name value} pairs; a name outside the known ones, or a name without a value, is a usage error. */
final class Options {
    private Options() {
    }

    static Map<String, String> parse(String[] args, Set<String> known) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!known.contains(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: " + known.stream().sorted().map(k -> "--" + k + " <value>")
                        .reduce((a, b) -> a + " " + b).orElse("") + " (got '" + args[i] + "')");
            }
            options.put(name, args[i + 1]);
        }
        return options;
    }
}
