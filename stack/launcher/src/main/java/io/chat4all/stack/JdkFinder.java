package io.chat4all.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Finds an installed JDK whose feature version lies in a range, reading each candidate's {@code release} file.
 * JAVA_HOME wins when it fits; otherwise the newest fitting JDK in the usual install folders.
 *
 * <p>Single file and dependency-free on purpose: {@code ./chat4all} runs it with Java's source launcher
 * ({@code java JdkFinder.java 21}) before anything is built. It prints the JDK's home, or explains on stderr
 * what is missing and where it looked, and exits 1.
 */
public final class JdkFinder {

    /** Upper bound meaning "no upper bound". */
    public static final int ANY = Integer.MAX_VALUE;

    private final Optional<Path> javaHome;
    private final List<SearchLocation> locations;

    public JdkFinder(Optional<Path> javaHome, List<SearchLocation> locations) {
        this.javaHome = javaHome;
        this.locations = List.copyOf(locations);
    }

    /** The finder for this machine: $JAVA_HOME, then the usual Linux, SDKMAN! and macOS install folders. */
    public static JdkFinder forThisMachine() {
        String javaHome = System.getenv("JAVA_HOME");
        Path userHome = Path.of(System.getProperty("user.home"));
        return new JdkFinder(
                javaHome == null || javaHome.isBlank() ? Optional.empty() : Optional.of(Path.of(javaHome)),
                List.of(new SearchLocation(Path.of("/usr/lib/jvm"), "*", ""),
                        new SearchLocation(Path.of("/usr/java"), "*", ""),
                        new SearchLocation(Path.of("/opt/java"), "*", ""),
                        new SearchLocation(Path.of("/opt"), "*jdk*", ""),
                        new SearchLocation(userHome.resolve(".sdkman/candidates/java"), "*", ""),
                        new SearchLocation(Path.of("/Library/Java/JavaVirtualMachines"), "*", "Contents/Home")));
    }

    /** JAVA_HOME if its version is in [min, max], else the newest installed JDK in that range. */
    public Optional<Jdk> find(int min, int max) {
        Optional<Jdk> fromJavaHome = javaHome.flatMap(JdkFinder::inspect).filter(jdk -> jdk.fits(min, max));
        if (fromJavaHome.isPresent()) {
            return fromJavaHome;
        }
        return installed().stream().filter(jdk -> jdk.fits(min, max)).findFirst();
    }

    /** Like {@link #find} but fails with a message naming what to install and where it looked. */
    public Jdk require(int min, int max) {
        return find(min, max).orElseThrow(() -> new IllegalStateException(explainMissing(min, max)));
    }

    /** Every JDK in the search locations, newest first, each install listed once under its real path. */
    public List<Jdk> installed() {
        Map<Path, Jdk> byRealPath = new LinkedHashMap<>();
        for (SearchLocation location : locations) {
            for (Path home : location.candidates()) {
                Path realHome = realPath(home);
                inspect(realHome).ifPresent(jdk -> byRealPath.putIfAbsent(realHome, jdk));
            }
        }
        List<Jdk> jdks = new ArrayList<>(byRealPath.values());
        jdks.sort(Comparator.comparing(Jdk::version).reversed());
        return jdks;
    }

    /** The JDK at {@code home}, if it has a launcher and a release file with a readable JAVA_VERSION. */
    static Optional<Jdk> inspect(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(home.resolve("bin/java")) || !Files.isRegularFile(release)) {
            return Optional.empty();
        }
        try {
            return javaVersionOf(Files.readString(release)).map(version -> new Jdk(home, version));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The JAVA_VERSION entry of a release file's text, e.g. {@code JAVA_VERSION="17.0.15"}. */
    static Optional<JavaVersion> javaVersionOf(String releaseFile) {
        return releaseFile.lines()
                .map(String::strip)
                .filter(line -> line.startsWith("JAVA_VERSION="))
                .map(line -> line.substring("JAVA_VERSION=".length()).replace("\"", ""))
                .findFirst()
                .flatMap(JavaVersion::parse);
    }

    String explainMissing(int min, int max) {
        StringBuilder message = new StringBuilder("No ").append(describe(min, max)).append(" found.");
        javaHome.ifPresent(home -> message.append(" JAVA_HOME=").append(home).append(inspect(home)
                .map(jdk -> " is Java " + jdk.version() + ".")
                .orElse(" is not a JDK (no bin/java and release file).")));
        message.append(" Looked in ")
                .append(locations.stream().map(SearchLocation::toString).collect(Collectors.joining(", ")))
                .append(';');
        List<Jdk> installed = installed();
        message.append(installed.isEmpty()
                ? " found no JDK there."
                : " found " + installed.stream()
                        .map(jdk -> "Java " + jdk.version() + " (" + jdk.home() + ")")
                        .collect(Collectors.joining(", ")) + '.');
        message.append(" Install a ").append(describe(min, max))
                .append(" (for example Eclipse Temurin from https://adoptium.net) or point JAVA_HOME at one.");
        return message.toString();
    }

    private static String describe(int min, int max) {
        if (min == max) {
            return "JDK " + min;
        }
        return max == ANY ? "JDK " + min + " or newer" : "JDK " + min + " to " + max;
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    /** Usage: {@code java JdkFinder.java <min> [<max>]}; prints the JDK home. */
    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: java JdkFinder.java <min-feature-version> [<max-feature-version>]");
            System.exit(2);
        }
        int min = Integer.parseInt(args[0]);
        int max = args.length == 2 ? Integer.parseInt(args[1]) : ANY;
        Optional<Jdk> jdk = forThisMachine().find(min, max);
        if (jdk.isEmpty()) {
            System.err.println(forThisMachine().explainMissing(min, max));
            System.exit(1);
        }
        System.out.println(jdk.get().home());
    }

    /** An installed JDK. */
    public record Jdk(Path home, JavaVersion version) {
        public Path javaExecutable() {
            return home.resolve("bin/java");
        }

        boolean fits(int min, int max) {
            return version.feature() >= min && version.feature() <= max;
        }
    }

    /** A Java version as its numeric parts, with the legacy "1.8" scheme mapped to 8. */
    public record JavaVersion(List<Integer> parts) implements Comparable<JavaVersion> {
        public JavaVersion {
            parts = List.copyOf(parts);
        }

        /** Parses "17.0.15", "21", "25-ea", "1.8.0_392"; empty when no leading number. */
        static Optional<JavaVersion> parse(String text) {
            String numeric = text.strip().split("[^0-9._]", 2)[0];
            List<Integer> parts = new ArrayList<>();
            for (String part : numeric.split("[._]")) {
                if (!part.isEmpty()) {
                    parts.add(Integer.parseInt(part));
                }
            }
            if (parts.size() > 1 && parts.get(0) == 1) {
                parts.remove(0);
            }
            return parts.isEmpty() ? Optional.empty() : Optional.of(new JavaVersion(parts));
        }

        public int feature() {
            return parts.get(0);
        }

        @Override
        public int compareTo(JavaVersion other) {
            for (int i = 0; i < Math.max(parts.size(), other.parts.size()); i++) {
                int difference = Integer.compare(partAt(i), other.partAt(i));
                if (difference != 0) {
                    return difference;
                }
            }
            return 0;
        }

        private int partAt(int index) {
            return index < parts.size() ? parts.get(index) : 0;
        }

        @Override
        public String toString() {
            return parts.stream().map(String::valueOf).collect(Collectors.joining("."));
        }
    }

    /** Folders {@code parent/<glob>/<suffix>} that may each hold a JDK home. */
    public record SearchLocation(Path parent, String glob, String suffix) {
        List<Path> candidates() {
            if (!Files.isDirectory(parent)) {
                return List.of();
            }
            List<Path> homes = new ArrayList<>();
            try (DirectoryStream<Path> children = Files.newDirectoryStream(parent, glob)) {
                children.forEach(child -> homes.add(suffix.isEmpty() ? child : child.resolve(suffix)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + parent, e);
            }
            homes.sort(Comparator.naturalOrder());
            return homes;
        }

        @Override
        public String toString() {
            return parent.resolve(glob) + (suffix.isEmpty() ? "" : "/" + suffix);
        }
    }
}
