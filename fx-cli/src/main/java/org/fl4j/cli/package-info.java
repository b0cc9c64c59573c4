/**
 * The {@code fx} command line, fl4j's composition root. {@link org.fl4j.cli.Fx} is the entry point
 * ({@code run(out, err, args)} for tests); {@code FxCommand} holds the global options (log level, log file,
 * workspace) and the command groups; each verb is one small picocli class that parses its options and calls
 * a module API. A verb fails by throwing: {@code FailureHandler} prints {@code Error: <message>} and exits
 * with 1 (the stack trace only with {@code -l debug}); a command line that does not parse exits with 2.
 * Results go to the command's out writer; log lines (timestamped, levelled, with their source) to stderr
 * through Logback, configured by {@code LogSetup}.
 */
package org.fl4j.cli;
