package io.chat4all.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdkFinderTest {

    @TempDir
    Path temp;

    @Test
    void readsTheFeatureVersionOfModernAndLegacyReleaseFiles() {
        assertEquals(17, feature("IMPLEMENTOR=\"Debian\"\nJAVA_VERSION=\"17.0.15\"\nOS_NAME=\"Linux\"\n"));
        assertEquals(21, feature("JAVA_VERSION=\"21\"\n"));
        assertEquals(25, feature("JAVA_VERSION=\"25-ea\"\n"));
        assertEquals(8, feature("JAVA_VERSION=\"1.8.0_392\"\n"));
        assertEquals(Optional.empty(), JdkFinder.javaVersionOf("IMPLEMENTOR=\"Nobody\"\n"));
    }

    @Test
    void ordersVersionsNumerically() {
        assertTrue(version("17.0.15").compareTo(version("17.0.9")) > 0);
        assertTrue(version("21").compareTo(version("17.0.15")) > 0);
        assertEquals(0, version("21").compareTo(version("21.0.0")));
    }

    @Test
    void prefersTheNewestFittingJdkAndSkipsFoldersThatAreNoJdk() throws IOException {
        Path jvms = Files.createDirectories(temp.resolve("jvm"));
        fakeJdk(jvms.resolve("jdk-17"), "17.0.15");
        fakeJdk(jvms.resolve("jdk-21.0.2"), "21.0.2");
        fakeJdk(jvms.resolve("jdk-21.0.8"), "21.0.8");
        fakeJdk(jvms.resolve("jdk-25"), "25.0.1");
        Files.createDirectories(jvms.resolve("default-java-docs"));
        JdkFinder finder = new JdkFinder(Optional.empty(), List.of(new JdkFinder.SearchLocation(jvms, "*", "")));

        assertEquals(jvms.resolve("jdk-25").toRealPath(), finder.require(21, JdkFinder.ANY).home());
        assertEquals(jvms.resolve("jdk-21.0.8").toRealPath(), finder.require(21, 24).home());
        assertEquals(jvms.resolve("jdk-17").toRealPath(), finder.require(17, 17).home());
        assertEquals(4, finder.installed().size());
    }

    @Test
    void javaHomeWinsWhenItFitsEvenIfANewerJdkIsInstalled() throws IOException {
        Path jvms = Files.createDirectories(temp.resolve("jvm"));
        Path javaHome = fakeJdk(temp.resolve("my-jdk-21"), "21.0.8");
        fakeJdk(jvms.resolve("jdk-25"), "25.0.1");
        List<JdkFinder.SearchLocation> locations = List.of(new JdkFinder.SearchLocation(jvms, "*", ""));

        assertEquals(javaHome, new JdkFinder(Optional.of(javaHome), locations).require(21, JdkFinder.ANY).home());
        assertEquals(jvms.resolve("jdk-25").toRealPath(),
                new JdkFinder(Optional.of(javaHome), locations).require(25, JdkFinder.ANY).home());
    }

    @Test
    void findsMacOsStyleHomesThroughTheSearchSuffix() throws IOException {
        Path machines = Files.createDirectories(temp.resolve("JavaVirtualMachines"));
        Path home = fakeJdk(machines.resolve("temurin-17.jdk/Contents/Home"), "17.0.12");
        JdkFinder finder = new JdkFinder(Optional.empty(),
                List.of(new JdkFinder.SearchLocation(machines, "*", "Contents/Home")));

        assertEquals(home.toRealPath(), finder.require(17, 17).home());
    }

    @Test
    void listsASymlinkedInstallOnce() throws IOException {
        Path jvms = Files.createDirectories(temp.resolve("jvm"));
        Path real = fakeJdk(jvms.resolve("java-17-openjdk-amd64"), "17.0.15");
        Files.createSymbolicLink(jvms.resolve("java-1.17.0-openjdk-amd64"), real);
        JdkFinder finder = new JdkFinder(Optional.empty(), List.of(new JdkFinder.SearchLocation(jvms, "*", "")));

        assertEquals(List.of(real.toRealPath()), finder.installed().stream().map(JdkFinder.Jdk::home).toList());
    }

    @Test
    void explainsWhatIsMissingAndWhereItLooked() throws IOException {
        Path jvms = Files.createDirectories(temp.resolve("jvm"));
        Path javaHome = fakeJdk(jvms.resolve("jdk-17"), "17.0.15");
        JdkFinder finder = new JdkFinder(Optional.of(javaHome),
                List.of(new JdkFinder.SearchLocation(jvms, "*", "")));

        String message = assertThrows(IllegalStateException.class, () -> finder.require(21, JdkFinder.ANY))
                .getMessage();

        assertTrue(message.startsWith("No JDK 21 or newer found."), message);
        assertTrue(message.contains("JAVA_HOME=" + javaHome + " is Java 17.0.15"), message);
        assertTrue(message.contains(jvms.resolve("*").toString()), message);
        assertTrue(message.contains("Install a JDK 21 or newer"), message);
    }

    private static int feature(String releaseFile) {
        return JdkFinder.javaVersionOf(releaseFile).orElseThrow().feature();
    }

    private static JdkFinder.JavaVersion version(String text) {
        return JdkFinder.JavaVersion.parse(text).orElseThrow();
    }

    private static Path fakeJdk(Path home, String version) throws IOException {
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("bin/java"), "");
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
        return home;
    }
}
