package io.chat4all.stack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * Starts child JVMs through {@link ExitWithParent}, so each one exits when this JVM does (native programs through its
 * shell counterpart, {@link #launchNative}).
 * Only the guard's class is put on the child's classpath (in a jar of its own, {@link #guardJar}), never this jar:
 * the launcher's own dependencies and logging config would clash with Kafka's and Cassandra's.
 */
final class ChildLauncher {

    private static final String GUARD_CLASS_FILE = ExitWithParent.class.getSimpleName() + ".class";

    private final StackConfig config;
    private final RunFolder runFolder;
    private static final String NATIVE_GUARD = "exit-with-parent.sh";

    private Path guardJar;
    private Path nativeGuard;

    ChildLauncher(StackConfig config, RunFolder runFolder) {
        this.config = config;
        this.runFolder = runFolder;
    }

    /** A JVM to start: {@code java <options> -cp <classpath> <mainClass> <args>} with extra environment. */
    record JvmSpec(String name, JdkFinder.Jdk jdk, List<String> options, List<String> classpath, String mainClass,
                   List<String> args, Map<String, String> environment) {
    }

    ChildProcess launch(JvmSpec spec) {
        List<String> command = new ArrayList<>();
        command.add(spec.jdk().javaExecutable().toString());
        // Names the process in `ps` and ties it to this stack's home.
        command.add("-Dchat4all.process=" + spec.name());
        command.add("-Dchat4all.home=" + config.home());
        command.addAll(spec.options());
        command.add("-cp");
        command.add(String.join(java.io.File.pathSeparator, classpath(spec.classpath())));
        command.add(ExitWithParent.class.getName());
        command.add(Long.toString(ProcessHandle.current().pid()));
        command.add(spec.mainClass());
        command.addAll(spec.args());
        return ChildProcess.start(spec.name(), command, spec.environment(), config.home(),
                config.logs().resolve(spec.name() + ".log"), runFolder.pidFile(spec.name()));
    }

    /** A child's whole classpath: the guard's jar, then its own. */
    List<String> classpath(List<String> own) {
        List<String> classpath = new ArrayList<>();
        classpath.add(guardJar().toString());
        classpath.addAll(own);
        return classpath;
    }

    /**
     * A native program (a telemetry backend): run through {@code exit-with-parent.sh}, which passes SIGTERM on and
     * stops the program when this JVM is gone, as {@link ExitWithParent} does for the JVMs.
     */
    ChildProcess launchNative(String name, List<String> command, Map<String, String> environment) {
        List<String> wrapped = new ArrayList<>();
        wrapped.add("bash");
        wrapped.add(nativeGuard().toString());
        wrapped.add(Long.toString(ProcessHandle.current().pid()));
        wrapped.addAll(command);
        return ChildProcess.start(name, wrapped, environment, config.home(),
                config.logs().resolve(name + ".log"), runFolder.pidFile(name));
    }

    private synchronized Path nativeGuard() {
        if (nativeGuard == null) {
            nativeGuard = ConfigFiles.write(config.home().resolve("guard").resolve(NATIVE_GUARD),
                    ConfigFiles.resource(NATIVE_GUARD));
        }
        return nativeGuard;
    }

    /**
     * The guard's class in a jar of its own, written once per content under the {@link UserCache}: every stack gets
     * the same path, because a JVM's AOT cache holds only for the classpath it was trained with, and none may name a
     * folder of classes ({@link AotCaches}).
     */
    synchronized Path guardJar() {
        if (guardJar == null) {
            byte[] classBytes;
            try (InputStream bytes = ExitWithParent.class.getResourceAsStream(GUARD_CLASS_FILE)) {
                if (bytes == null) {
                    throw new StackException("the launcher's classpath lacks " + GUARD_CLASS_FILE);
                }
                classBytes = bytes.readAllBytes();
            } catch (IOException e) {
                throw new StackException("cannot read " + GUARD_CLASS_FILE + ": " + e.getMessage(), e);
            }
            Path jar = UserCache.root().resolve("guard").resolve(AotCaches.sha256(classBytes).substring(0, 16))
                    .resolve("exit-with-parent.jar");
            if (!Files.isRegularFile(jar)) {
                writeJar(jar, ExitWithParent.class.getName().replace('.', '/') + ".class", classBytes);
            }
            guardJar = jar;
        }
        return guardJar;
    }

    /** Written aside, then renamed: a stack starting at the same moment never reads half a jar. */
    private static void writeJar(Path jar, String entryName, byte[] content) {
        try {
            Files.createDirectories(jar.getParent());
            Path partial = Files.createTempFile(jar.getParent(), "exit-with-parent", ".partial");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(partial))) {
                out.putNextEntry(new JarEntry(entryName));
                out.write(content);
                out.closeEntry();
            }
            Files.move(partial, jar, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StackException("cannot write " + jar + ": " + e.getMessage(), e);
        }
    }
}
