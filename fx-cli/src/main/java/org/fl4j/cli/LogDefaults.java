package org.fl4j.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's configuration before the command line is parsed (then {@link LogSetup} replaces it from the log
 * options): the console at INFO, chatty libraries at WARN. Found by logback as a service, it spares every
 * {@code fx} command logback's XML configurator and the XML parser it loads, about a third of the classes a
 * short command such as {@code fx --help} used to load. A {@code logback-test.xml} or {@code logback.xml} on
 * the class path (tests, a user's own) still wins.
 */
public final class LogDefaults extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        ClassLoader loader = LogDefaults.class.getClassLoader();
        if (System.getProperty("logback.configurationFile") != null || loader.getResource("logback-test.xml") != null
                || loader.getResource("logback.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        LogSetup.configure(context, Level.INFO, null);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
