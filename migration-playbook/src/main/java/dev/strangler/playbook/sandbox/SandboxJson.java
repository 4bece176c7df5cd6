package dev.strangler.playbook.sandbox;

import java.nio.file.Path;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/** The JSON form of the sandbox state and status: indented, timestamps as ISO-8601, paths as plain strings. */
final class SandboxJson {

    private SandboxJson() {}

    static JsonMapper mapper() {
        SimpleModule paths = new SimpleModule("sandbox-paths")
                .addSerializer(Path.class, new ValueSerializer<>() {
                    @Override
                    public void serialize(Path value, JsonGenerator gen, SerializationContext ctxt) {
                        gen.writeString(value.toString());
                    }
                })
                .addDeserializer(Path.class, new ValueDeserializer<>() {
                    @Override
                    public Path deserialize(JsonParser p, DeserializationContext ctxt) {
                        return Path.of(p.getValueAsString());
                    }
                });
        return JsonMapper.builder()
                .addModule(paths)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .build();
    }
}
