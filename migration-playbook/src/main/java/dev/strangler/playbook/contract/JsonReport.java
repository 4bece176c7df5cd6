package dev.strangler.playbook.contract;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Prints a suite report for machines (CI, the playbook's phase gates) as one JSON document. */
final class JsonReport {

    private JsonReport() {}

    static void print(SuiteReport report, String baseUrl, PrintWriter out) {
        List<Map<String, Object>> scenarios =
                report.results().stream().map(JsonReport::scenario).toList();
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("baseUrl", baseUrl);
        document.put("passed", report.passed());
        document.put("passedCount", report.passedCount());
        document.put("failedCount", report.failedCount());
        document.put("scenarios", scenarios);
        JsonMapper mapper =
                JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        out.println(mapper.writeValueAsString(document));
        out.flush();
    }

    private static Map<String, Object> scenario(ScenarioResult result) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", result.name());
        json.put("passed", result.passed());
        json.put("tookMillis", result.took().toMillis());
        json.put("failures", result.failures());
        return json;
    }
}
