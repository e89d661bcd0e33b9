package io.paymenthub.routes;

/** One thing wrong with a route file: its 1-based line (1 when no better line is known) and a sentence. */
public record RouteFileProblem(int line, String message) {

    /** @return {@code file:line: message}, the form compilers and CI annotations use */
    public String describe(String file) {
        return file + ":" + line + ": " + message;
    }
}
