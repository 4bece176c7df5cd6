package dev.strangler.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** What a person who wrote a YAML file is told, in the file's words, for the mistakes people make. */
class YamlMessagesTest {

    record Service(String url, Integer timeoutMs, String stripPrefix) {}

    record File(List<Service> services, Boolean dryRun) {}

    private final YAMLMapper kebab = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    @Test
    void aMisspelledKeyIsNamedWithTheKeysAllowedThereAsTheFileWritesThem() {
        DatabindException e = failure("services:\n  - url: http://x\n    timout-ms: 5\n");

        assertThat(YamlMessages.path(e)).isEqualTo("services[0].timout-ms");
        assertThat(YamlMessages.described(e, YamlMessages::kebab))
                .isEqualTo("unknown key 'timout-ms'; allowed here: strip-prefix, timeout-ms, url");
    }

    @Test
    void aValueOfTheWrongKindSaysWhatWasWrittenAndWhatIsExpectedWithoutJavaNames() {
        DatabindException number = failure("services:\n  - timeout-ms: lots\n");
        DatabindException list = failure("services: http://x\n");
        DatabindException yesNo = failure("dry-run: maybe\n");

        assertThat(YamlMessages.described(number, YamlMessages::kebab)).isEqualTo("expected a number (was 'lots')");
        assertThat(YamlMessages.described(list, YamlMessages::kebab)).startsWith("expected a list");
        assertThat(YamlMessages.described(yesNo, YamlMessages::kebab))
                .isEqualTo("expected true or false (was 'maybe')");
        assertThat(List.of(number, list, yesNo))
                .extracting(e -> YamlMessages.described(e, YamlMessages::kebab))
                .noneMatch(m -> m.contains("java.") || m.contains("Integer") || m.contains("Cannot deserialize"));
    }

    @Test
    void aMapWhereAValueBelongsNamesTheMapsKeysInTheFilesNaming() {
        DatabindException e = failure("services: [[1, 2]]\n");

        assertThat(YamlMessages.described(e, YamlMessages::kebab))
                .isEqualTo("expected a map of keys (url, timeout-ms, strip-prefix)");
    }

    @Test
    void theReasonAReadersOwnParserGivesIsKept() {
        YAMLMapper withDurations = YAMLMapper.builder()
                .addModule(new tools.jackson.databind.module.SimpleModule()
                        .addDeserializer(Duration.class, new tools.jackson.databind.ValueDeserializer<Duration>() {
                            @Override
                            public Duration deserialize(
                                    tools.jackson.core.JsonParser p, tools.jackson.databind.DeserializationContext c) {
                                return (Duration) c.handleWeirdStringValue(
                                        Duration.class, p.getString(), "not a duration such as 500ms, 30s or 2m");
                            }
                        }))
                .build();
        record Step(Duration bake) {}
        DatabindException e = catchThrowableOfType(
                DatabindException.class, () -> withDurations.readValue("bake: soon\n", Step.class));

        assertThat(YamlMessages.described(e, YamlMessages::kebab))
                .isEqualTo("not a valid value (was 'soon'): not a duration such as 500ms, 30s or 2m");
    }

    private DatabindException failure(String yaml) {
        return catchThrowableOfType(DatabindException.class, () -> kebab.readValue(yaml, File.class));
    }
}
