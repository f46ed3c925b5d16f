package io.couponflow.dynamodb;

import io.couponflow.testing.RepoRoot;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** infra/template.yaml read as plain maps; CloudFormation short tags (!Ref, !If, ...) become {"!Ref": value}. */
final class SamTemplate {
    private SamTemplate() {
    }

    static Path path() {
        return RepoRoot.find().resolve("infra/template.yaml");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> load() {
        try {
            return (Map<String, Object>) new Yaml(new CfnConstructor()).load(Files.readString(path()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> resources() {
        return (Map<String, Object>) load().get("Resources");
    }

    /** Each function's Properties, by logical id. */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> functions() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        resources().forEach((id, r) -> {
            Map<String, Object> res = (Map<String, Object>) r;
            if ("AWS::Serverless::Function".equals(res.get("Type"))) {
                out.put(id, (Map<String, Object>) res.get("Properties"));
            }
        });
        return out;
    }

    /** Each function's environment variables, by logical id: the Globals' with its own on top. */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> functionEnvironments() {
        Map<String, Object> globals = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                load().get("Globals")).get("Function")).get("Environment")).get("Variables");
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        functions().forEach((id, p) -> {
            Map<String, Object> vars = new HashMap<>(globals);
            Map<String, Object> own = (Map<String, Object>) p.get("Environment");
            if (own != null) {
                vars.putAll((Map<String, Object>) own.get("Variables"));
            }
            out.put(id, vars);
        });
        return out;
    }

    private static final class CfnConstructor extends SafeConstructor {
        CfnConstructor() {
            super(new LoaderOptions());
            this.yamlConstructors.put(null, new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    Object value;
                    if (node instanceof ScalarNode s) {
                        value = constructScalar(s);
                    } else if (node instanceof SequenceNode s) {
                        value = constructSequence(s);
                    } else {
                        value = constructMapping((MappingNode) node);
                    }
                    return Map.of(node.getTag().getValue(), value);
                }
            });
        }
    }
}
