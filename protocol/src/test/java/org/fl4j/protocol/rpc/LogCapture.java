package org.fl4j.protocol.rpc;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Collects what the given loggers log while open (shared with other modules' tests through the test jar). */
public final class LogCapture implements AutoCloseable {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final List<Logger> loggers;

    public LogCapture(String... names) {
        appender.start();
        loggers = java.util.Arrays.stream(names).map(n -> (Logger) LoggerFactory.getLogger(n)).toList();
        loggers.forEach(l -> l.addAppender(appender));
    }

    /** What was logged so far, one {@code LEVEL message} line per event. */
    public List<String> lines() {
        // AppenderBase.doAppend holds the appender's own lock while it adds to the list
        synchronized (appender) {
            return appender.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
        }
    }

    @Override
    public void close() {
        loggers.forEach(l -> l.detachAppender(appender));
    }
}
