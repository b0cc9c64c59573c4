package org.fl4j.dl4j;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles the Java sources of a workspace's {@code code/} folder into a private folder and loads them, so
 * that model code travels with the workspace. Compile errors name the file and line.
 */
final class CodeCompiler {

    private CodeCompiler() {
    }

    /** A class loader over the compiled code (parent: this module's loader); the parent alone if no sources. */
    static ClassLoader load(Path codeDir, Path workspace) throws ModelException {
        ClassLoader parent = CodeCompiler.class.getClassLoader();
        List<Path> sources = sources(codeDir);
        if (sources.isEmpty()) {
            return parent;
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new ModelException(codeDir + ": compiling the model code needs a JDK (this Java runtime has no"
                    + " compiler); or put the compiled model class on the class path");
        }
        try {
            Path out = Files.createTempDirectory("fl4j-code-");
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
                List<String> options = List.of("--release", "17", "-proc:none", "-classpath", classPath(), "-d",
                        out.toString());
                Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
                boolean ok = javac.getTask(null, files, diagnostics, options, null, units).call();
                if (!ok) {
                    throw new ModelException("the model code in " + codeDir + " does not compile:\n"
                            + errors(diagnostics, workspace));
                }
            }
            return new URLClassLoader(new URL[] {out.toUri().toURL()}, parent);
        } catch (IOException e) {
            if (e instanceof ModelException m) {
                throw m;
            }
            throw new ModelException(codeDir + ": cannot compile the model code (" + e.getMessage() + ")", e);
        }
    }

    private static List<Path> sources(Path codeDir) throws ModelException {
        if (!Files.isDirectory(codeDir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(codeDir)) {
            return walk.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new ModelException(codeDir + ": cannot list the model code (" + e.getMessage() + ")", e);
        }
    }

    /** The JVM's class path plus the jars of DL4J, ND4J and fl4j (which may come from a manifest class path). */
    private static String classPath() {
        Set<String> entries = new LinkedHashSet<>(List.of(System.getProperty("java.class.path").split(
                File.pathSeparator)));
        for (Class<?> anchor : new Class<?>[] {ModelBuilder.class, org.deeplearning4j.nn.api.Model.class,
            org.nd4j.linalg.factory.Nd4j.class, org.nd4j.common.base.Preconditions.class,
            org.nd4j.linalg.learning.config.Adam.class, org.deeplearning4j.nn.conf.NeuralNetConfiguration.class}) {
            try {
                entries.add(Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (Exception e) {
                // a class without a file location (e.g. from a custom loader) adds nothing
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static String errors(DiagnosticCollector<JavaFileObject> diagnostics, Path workspace) {
        List<String> lines = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            String file = d.getSource() == null ? "?" : relative(Path.of(d.getSource().toUri()), workspace);
            lines.add(file + ":" + d.getLineNumber() + ":" + d.getColumnNumber() + ": " + d.getMessage(Locale.ROOT));
        }
        return String.join("\n", lines);
    }

    private static String relative(Path file, Path workspace) {
        Path abs = file.toAbsolutePath().normalize();
        Path ws = workspace.toAbsolutePath().normalize();
        return abs.startsWith(ws) ? ws.relativize(abs).toString() : abs.toString();
    }
}
