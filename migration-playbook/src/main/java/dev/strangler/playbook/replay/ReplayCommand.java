package dev.strangler.playbook.replay;

import dev.strangler.compare.JsonPath;
import dev.strangler.playbook.contract.BaseUrl;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code strangler replay --recording DIR --base-url URL}: a contract suite for any app, derived from what its users
 * did. Exit 0 when every replayed answer matched the recorded one, 1 when any differed or got none, 2 on bad
 * arguments or a malformed recording.
 */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Replay a recording (`strangler record`) against a base URL (the monolith, a service, the gateway) and compare"
                    + " each answer with the recorded one, as the gateway compares shadow answers.",
            "Each caller's requests run in their order, carrying tokens and created ids from one answer into later"
                    + " requests. A read that differs is asked again, and what differs between its own two answers is"
                    + " left out as noise."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every replayed answer matched",
            "1:an answer differed or none came",
            "2:bad arguments or a malformed recording"
        })
public final class ReplayCommand implements Callable<Integer> {

    @Option(
            names = "--recording",
            required = true,
            paramLabel = "DIR",
            description = "The recording directory (recording.json, mappings/, callers.json).")
    Path recording;

    @Option(
            names = "--base-url",
            required = true,
            paramLabel = "URL",
            description = "Where the target answers, e.g. http://127.0.0.1:9001.")
    String baseUrl;

    @Option(
            names = "--writes",
            description = "Replay POST, PUT, PATCH and DELETE too. Only against a disposable target: they change its"
                    + " data. Without it they are skipped and counted.")
    boolean writes;

    @Option(
            names = "--headers",
            split = ",",
            paramLabel = "NAME",
            defaultValue = "Content-Type",
            description = "Response headers that must be equal, comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> headers;

    @Option(
            names = "--ignore",
            paramLabel = "PATH",
            description = "A JSON path left out of every body comparison ($.generatedAt, $.items[*].etag); repeatable.")
    List<String> ignore = List.of();

    @Option(names = "--caller", paramLabel = "ID", description = "Replay only this caller's requests (c-...).")
    String caller;

    @Option(names = "--limit", paramLabel = "N", description = "Replay at most N requests.")
    Integer limit;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "10",
            description = "How long one request may take, in seconds (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(
            names = "--secret",
            paramLabel = "redacted:N=VALUE",
            description = "The value of a placeholder the recording does not keep (a login's password, redacted before"
                    + " it was stored), repeatable. Visible to other users of this machine: prefer --secrets.")
    Map<String, String> secrets = new LinkedHashMap<>();

    @Option(
            names = "--secrets",
            paramLabel = "FILE",
            description =
                    "A properties file of placeholder values, one 'redacted:N=VALUE' a line (# starts a comment).")
    Path secretsFile;

    @Option(
            names = "--invent-secrets",
            description = "Give each placeholder that no --secret names and no answer taught a new value of its own (an"
                    + " e-mail address for an e-mail field), the same wherever it is: a user the recording registered is"
                    + " registered anew and logs in with the same invented password. Accounts that exist on the target"
                    + " still need their real values (--secrets).")
    boolean inventSecrets;

    @Option(
            names = "--keep-placeholders",
            description = "Send a placeholder that has no value as it is, «redacted:N» and all: against the recording's"
                    + " own stubs (strangler stubs), which expect exactly that.")
    boolean keepPlaceholders;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        URI base = parse("", () -> BaseUrl.parse(baseUrl));
        List<JsonPath> paths = new ArrayList<>();
        for (String path : ignore) {
            paths.add(parse("--ignore ", () -> JsonPath.parse(path)));
        }
        if (limit != null && limit < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be at least 1, got " + limit);
        }
        if (timeoutSeconds < 1) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--timeout must be at least 1 second, got " + timeoutSeconds);
        }
        Recording read = RecordingReader.read(recording);
        if (caller != null && !read.callers().containsKey(caller)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--caller " + caller + " is not in " + recording.resolve("callers.json") + ", which has "
                            + read.callers().size() + " callers, e.g. "
                            + String.join(
                                    ", ",
                                    read.callers().keySet().stream().limit(5).toList()));
        }
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        ReplayOptions options = new ReplayOptions(
                writes,
                List.copyOf(headers),
                paths,
                caller,
                limit,
                timeout,
                givenSecrets(),
                inventSecrets,
                keepPlaceholders);
        ReplayReport report = new Replayer(Replayer.client(timeout), base, options).replay(read);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JsonMapper.builder()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .build()
                    .writeValueAsString(report));
            out.flush();
        } else {
            ReplayTextReport.print(report, out);
        }
        return report.passed() ? 0 : 1;
    }

    /** The placeholder values given in --secrets, then --secret (which wins), by placeholder. */
    private Map<String, String> givenSecrets() {
        Map<String, String> given = new LinkedHashMap<>();
        if (secretsFile != null) {
            List<String> lines;
            try {
                lines = Files.readAllLines(secretsFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--secrets " + secretsFile + ": cannot be read (" + e.getMessage() + ")");
            }
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int eq = line.indexOf('=');
                String where = "--secrets " + secretsFile + " line " + (i + 1) + ": ";
                if (eq < 0) {
                    throw new CommandLine.ParameterException(
                            spec.commandLine(), where + "expected redacted:N=VALUE (was no '=')");
                }
                given.put(parse(where, () -> Placeholders.named(line.substring(0, eq))), line.substring(eq + 1));
            }
        }
        secrets.forEach((name, value) -> given.put(parse("--secret ", () -> Placeholders.named(name)), value));
        return given;
    }

    private <T> T parse(String option, Supplier<T> value) {
        try {
            return value.get();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + e.getMessage());
        }
    }
}
