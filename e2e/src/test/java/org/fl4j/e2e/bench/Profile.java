package org.fl4j.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * Optional Flight Recorder profiles of the benchmark's JVMs: with {@code -Dbench.jfr=DIR} the aggregator's
 * timed federation is recorded to {@code DIR/aggregator.jfr} and each clients JVM to
 * {@code DIR/clients-<mode>-<n>.jfr} (JFR's "profile" settings). Read them with {@code jfr print} or JDK Mission
 * Control. Without the property nothing is recorded.
 */
final class Profile {

    private static final String DIR = System.getProperty("bench.jfr", "");

    private static final AtomicInteger CHILDREN = new AtomicInteger();

    private final Recording recording;
    private final Path file;

    private Profile(Recording recording, Path file) {
        this.recording = recording;
        this.file = file;
    }

    /** Starts recording this JVM, or does nothing when {@code bench.jfr} is not set. */
    static Profile start(String name) throws IOException, ParseException {
        if (DIR.isEmpty()) {
            return new Profile(null, null);
        }
        Path dir = Files.createDirectories(Path.of(DIR));
        Recording r = new Recording(Configuration.getConfiguration("profile"));
        r.enable("jdk.JavaExceptionThrow").withStackTrace();
        r.start();
        return new Profile(r, dir.resolve(name + ".jfr"));
    }

    /** Stops the recording and writes it out. */
    void stop() throws IOException {
        if (recording != null) {
            recording.stop();
            recording.dump(file);
            recording.close();
            System.out.println("profile written to " + file);
        }
    }

    /** JVM options that record a child JVM for its whole life, or none when {@code bench.jfr} is not set. */
    static List<String> jvmOptions(String name) throws IOException {
        if (DIR.isEmpty()) {
            return List.of();
        }
        Path dir = Files.createDirectories(Path.of(DIR).toAbsolutePath());
        return List.of("-XX:StartFlightRecording=settings=profile,filename=" + dir.resolve(name + "-"
                + CHILDREN.incrementAndGet() + ".jfr"));
    }
}
