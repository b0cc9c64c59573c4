package org.fl4j.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Configures logging from the global options: timestamped, levelled lines with their source, like
 * {@code 16:02:11.482 INFO  [aggregator] Round 3 finished: accuracy 0.9612 (Round.java)}.
 */
final class LogSetup {

    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%logger{0}] %msg%n";
    /** Log files outlive the day: full date, and the thread (aggregator and client threads interleave). */
    static final String FILE_PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] [%logger{0}] %msg%n";

    private static Level level = Level.INFO;
    private static Path file;

    private LogSetup() {
    }

    static void reset() {
        level = Level.INFO;
        file = null;
    }

    static void requestLevel(String name) {
        Level parsed = Level.toLevel(name.toUpperCase(Locale.ROOT), null);
        if (parsed == null) {
            throw new picocli.CommandLine.TypeConversionException(
                    "unknown log level '" + name + "': choose error, warn, info, debug or trace");
        }
        level = parsed;
    }

    static void requestFile(Path path) {
        file = path;
    }

    static boolean debugEnabled() {
        return level.toInt() <= Level.DEBUG_INT;
    }

    /**
     * Sets these loggers to WARN unless debug logging was asked for: a command running many collaborators in
     * one process ({@code fx simulate}) would otherwise print their per-round lines a thousand times over.
     */
    static void quiet(String... loggers) {
        if (debugEnabled() || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        for (String name : loggers) {
            context.getLogger(name).setLevel(Level.WARN);
        }
    }

    /** Applies the requested configuration; called once per command line, before the command runs. */
    static void apply() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        context.reset();
        configure(context, level, file);
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }

    /** Console (and {@code file} when given) at {@code level}; chatty libraries at WARN unless at TRACE. */
    static void configure(LoggerContext context, Level level, Path file) {
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(level);
        root.addAppender(console(context));
        if (file != null) {
            root.addAppender(fileAppender(context, file));
        }
        for (String noisy : new String[] {"io.grpc", "io.netty", "org.nd4j", "org.deeplearning4j", "org.bytedeco"}) {
            context.getLogger(noisy).setLevel(level.toInt() <= Level.TRACE_INT ? level : Level.WARN);
        }
    }

    private static ConsoleAppender<ILoggingEvent> console(LoggerContext context) {
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("console");
        appender.setTarget("System.err");
        appender.setEncoder(encoder(context, PATTERN));
        appender.start();
        return appender;
    }

    private static FileAppender<ILoggingEvent> fileAppender(LoggerContext context, Path path) {
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("file");
        appender.setFile(path.toString());
        appender.setAppend(true);
        appender.setEncoder(encoder(context, FILE_PATTERN));
        appender.start();
        return appender;
    }

    private static PatternLayoutEncoder encoder(LoggerContext context, String pattern) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        return encoder;
    }
}
