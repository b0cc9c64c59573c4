package org.fl4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fl4j.dl4j.ModelExport;
import org.fl4j.protocol.model.ModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fx model info FILE}: what an fl4j model file holds. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show an fl4j model file's round, provenance, tensors and sizes.")
final class ModelInfoCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "The fl4j model file.")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path f = CliContext.workspace().resolve(file);
        spec.commandLine().getOut().println(f);
        ModelExport.describe(ModelFile.read(f)).forEach(spec.commandLine().getOut()::println);
        return Fx.OK;
    }
}
