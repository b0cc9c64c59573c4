package org.fl4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fl4j.workspace.DirectoryTree;
import org.fl4j.workspace.WorkspaceCreator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fx workspace create --prefix DIR --template NAME}. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Create a workspace from a template.",
            "Makes DIR (a new or empty folder, below the current folder unless absolute) from the workspace"
                + " skeleton and the template's plan and model files, and prints the tree it made."})
final class WorkspaceCreateCommand implements Callable<Integer> {

    @Option(names = "--prefix", required = true, paramLabel = "DIR", description = "The workspace folder to create.")
    Path prefix;

    @Option(names = "--template", required = true, paramLabel = "NAME", completionCandidates = TemplateCandidates.class,
            description = "The template: ${COMPLETION-CANDIDATES}.")
    String template;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path ws = WorkspaceCreator.create(CliContext.workspace(), prefix, template);
        spec.commandLine().getOut().print(DirectoryTree.render(ws));
        spec.commandLine().getOut().println("Created workspace " + ws + " from template " + template);
        return Fx.OK;
    }
}
