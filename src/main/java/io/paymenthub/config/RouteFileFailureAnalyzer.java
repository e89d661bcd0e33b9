package io.paymenthub.config;

import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A route file that does not parse, or that Camel's YAML DSL refuses (an unknown step, a field of the wrong kind):
 * one line with the file, the line and the column and what is wrong, instead of Camel's stack trace. Both kinds
 * arrive as snakeyaml-engine's marked exception, which Camel's own YAML DSL exceptions extend.
 */
public class RouteFileFailureAnalyzer extends AbstractFailureAnalyzer<MarkedYamlEngineException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MarkedYamlEngineException cause) {
        return new FailureAnalysis("Payment Hub refuses to start: route file " + where(cause) + ": " + what(cause),
                "Correct the route file (Camel's YAML DSL; its JSON schema is schema/camelYamlDsl.json in camel-yaml-dsl)"
                        + " or remove it from " + RoutesFolder.PROPERTY + ".",
                cause);
    }

    private static String where(MarkedYamlEngineException cause) {
        return cause.getProblemMark().or(cause::getContextMark)
                // snakeyaml counts lines and columns from 0, editors from 1
                .map(mark -> name(mark) + " line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1))
                .orElse("(unknown file)");
    }

    private static String name(Mark mark) {
        return mark.getName().replaceFirst("^file:", "");
    }

    private static String what(MarkedYamlEngineException cause) {
        String context = cause.getContext() == null ? "" : cause.getContext().strip();
        String problem = cause.getProblem() == null ? "" : cause.getProblem().strip();
        String what = context.isEmpty() ? problem : problem.isEmpty() ? context : context + ": " + problem;
        // the message is one line: the report must not become a snippet or a stack trace
        return what.isEmpty() ? cause.getClass().getSimpleName() : what.replaceAll("\\s*\\R\\s*", " ");
    }
}
