package dev.strangler.gateway.table;

import java.io.StringReader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** The line (1-based) of every value in a YAML document, by path such as {@code routes[1].percent}. */
final class YamlLines {

    private final Map<String, Integer> lines = new HashMap<>();

    YamlLines(String yaml) {
        Node root = new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
        if (root != null) {
            walk("", root);
        }
    }

    /** The line of the path, or of its nearest ancestor that has one; 0 when unknown. */
    int lineOf(String path) {
        String p = path;
        while (true) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            if (cut <= 0) {
                return lines.getOrDefault("", 0);
            }
            p = p.substring(0, cut);
        }
    }

    private void walk(String path, Node node) {
        lines.put(path, node.getStartMark().getLine() + 1);
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key) {
                    String child = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
                    lines.put(child, key.getStartMark().getLine() + 1);
                    walkValue(child, tuple.getValueNode());
                }
            }
        } else if (node instanceof SequenceNode sequence) {
            List<Node> items = sequence.getValue();
            for (int i = 0; i < items.size(); i++) {
                walk(path + "[" + i + "]", items.get(i));
            }
        }
    }

    private void walkValue(String path, Node node) {
        if (node instanceof ScalarNode) {
            return; // the key's line is the value's line
        }
        Integer keyLine = lines.get(path);
        walk(path, node);
        lines.put(path, keyLine);
    }
}
