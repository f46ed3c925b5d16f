package io.couponflow.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.couponflow.testing.RepoRoot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * infra/template.yaml against AWS's own resource specification, the database that the AWS CDK
 * generates its CloudFormation types from (npm {@code @aws-cdk/aws-service-spec}, pinned in
 * infra/local and installed by {@code npm ci}). cfn-lint, the usual linter, is a Python package and
 * PyPI is not reachable from CI (README "Deploy"); this checks the part of its job that catches most
 * template bugs: every resource type exists; every property, at any depth, is one its type has; every
 * required property is set; every Ref, GetAtt, Sub variable and condition names something declared;
 * every GetAtt names an attribute the resource has.
 */
class CfnSpecTest {
    private static final Path SPEC = Path.of("infra/local/node_modules/@aws-cdk/aws-service-spec/db.json.gz");
    private static final Set<String> PSEUDO = Set.of("AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue",
            "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix");
    /** What a SAM resource's logical id resolves to for GetAtt (the resource the transform makes). */
    private static final Map<String, String> SAM_GETATT_TARGET = Map.of(
            "AWS::Serverless::Function", "AWS::Lambda::Function",
            "AWS::Serverless::HttpApi", "AWS::ApiGatewayV2::Api");
    /**
     * SAM properties newer than the CDK's hand-kept SAM section of the specification (the
     * CloudFormation resources themselves are generated from AWS's registry schemas and current),
     * keyed by the specification's type name. Each is in the SAM reference: Function SnapStart,
     * LoggingConfig, RuntimeManagementConfig; the Schedule event's DeadLetterConfig and RetryPolicy.
     */
    private static final Map<String, Set<String>> SAM_NEWER = Map.of(
            "AWS::Serverless::Function", Set.of("SnapStart", "LoggingConfig", "RuntimeManagementConfig"),
            "ScheduleEvent", Set.of("DeadLetterConfig", "RetryPolicy"));

    private static Map<String, JsonNode> resourceTypes;
    private static Map<String, JsonNode> typeDefinitions;

    @BeforeAll
    static void loadSpecification() throws IOException {
        Path file = RepoRoot.find().resolve(SPEC);
        assertTrue(Files.isRegularFile(file), file + " is missing: run `npm ci --prefix infra/local` (README's test command does)");
        JsonNode db;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            db = new ObjectMapper().readTree(in);
        }
        resourceTypes = new HashMap<>();
        for (JsonNode r : db.at("/schema/resource/entities")) {
            resourceTypes.put(r.get("cloudFormationType").asText(), r);
        }
        typeDefinitions = new HashMap<>();
        for (JsonNode t : db.at("/schema/typeDefinition/entities")) {
            typeDefinitions.put(t.get("$id").asText(), t);
        }
    }

    @Test
    void template_conformsToTheSpecification() {
        assertEquals(List.of(), check(SamTemplate.load()));
    }

    /** The check is not vacuous: each kind of mistake it claims to catch, seeded, is reported. */
    @Test
    @SuppressWarnings("unchecked")
    void check_reportsSeededMistakes() {
        Map<String, Object> t = SamTemplate.load();
        Map<String, Object> resources = (Map<String, Object>) t.get("Resources");
        Map<String, Object> table = (Map<String, Object>) ((Map<String, Object>) resources.get("EventsTable")).get("Properties");
        table.put("BilingMode", table.remove("BillingMode"));                     // a misspelt property
        table.remove("KeySchema");                                                // a required one gone
        ((Map<String, Object>) table.get("SSESpecification")).put("SSEEnabledd", true); // nested
        Map<String, Object> fn = (Map<String, Object>) ((Map<String, Object>) resources.get("ScoreFunction")).get("Properties");
        fn.put("Description", Map.of("!Ref", "NoSuchParameter"));                 // a dangling Ref
        fn.put("MemorySize", Map.of("!GetAtt", "EventsTable.NoSuchAttribute"));   // a GetAtt the type lacks
        resources.put("Typo", Map.of("Type", "AWS::DynamoDB::Tabel", "Properties", Map.of()));
        List<String> findings = check(t);
        for (String expected : List.of("EventsTable.Properties.BilingMode: not a property of AWS::DynamoDB::Table",
                "EventsTable.Properties.KeySchema: required",
                "EventsTable.Properties.SSESpecification.SSEEnabledd: not a property",
                "Ref NoSuchParameter", "EventsTable.NoSuchAttribute", "Typo: unknown type AWS::DynamoDB::Tabel")) {
            assertTrue(findings.stream().anyMatch(f -> f.contains(expected)), expected + " not in " + findings);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> check(Map<String, Object> template) {
        List<String> findings = new ArrayList<>();
        Map<String, Object> resources = (Map<String, Object>) template.get("Resources");
        Set<String> parameters = template.get("Parameters") == null ? Set.of()
                : ((Map<String, Object>) template.get("Parameters")).keySet();
        Set<String> conditions = template.get("Conditions") == null ? Set.of()
                : ((Map<String, Object>) template.get("Conditions")).keySet();
        Map<String, String> typeOf = new LinkedHashMap<>();
        resources.forEach((id, r) -> typeOf.put(id, (String) ((Map<String, Object>) r).get("Type")));
        typeOf.putAll(samGeneratedQueues(resources));

        for (Map.Entry<String, Object> e : resources.entrySet()) {
            Map<String, Object> r = (Map<String, Object>) e.getValue();
            String type = (String) r.get("Type");
            JsonNode spec = resourceTypes.get(type);
            if (spec == null) {
                findings.add(e.getKey() + ": unknown type " + type);
                continue;
            }
            Object condition = r.get("Condition");
            if (condition != null && !conditions.contains(condition)) {
                findings.add(e.getKey() + ": Condition " + condition + " is not declared");
            }
            Map<String, Object> props = r.get("Properties") == null ? Map.of() : (Map<String, Object>) r.get("Properties");
            checkObject(props, spec.get("properties"), e.getKey() + ".Properties", type,
                    SAM_NEWER.getOrDefault(type, Set.of()), findings);
        }
        Map<String, Object> globals = (Map<String, Object>) template.get("Globals");
        if (globals != null && globals.get("Function") != null) {
            Map<String, Object> g = new HashMap<>((Map<String, Object>) globals.get("Function"));
            checkObject(g, resourceTypes.get("AWS::Serverless::Function").get("properties"), "Globals.Function",
                    "AWS::Serverless::Function", SAM_NEWER.get("AWS::Serverless::Function"), findings, false);
        }
        walkIntrinsics(template, "", typeOf, parameters, conditions, findings);
        return findings;
    }

    /**
     * The dead-letter queues SAM creates for schedule events that name theirs ({@code DeadLetterConfig:
     * {Type: SQS, QueueLogicalId: X}}): resources of the transformed template that the rest may refer to.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, String> samGeneratedQueues(Map<String, Object> resources) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Object r : resources.values()) {
            Map<String, Object> res = (Map<String, Object>) r;
            Map<String, Object> props = (Map<String, Object>) res.get("Properties");
            if (!"AWS::Serverless::Function".equals(res.get("Type")) || props == null || props.get("Events") == null) {
                continue;
            }
            for (Object e : ((Map<String, Object>) props.get("Events")).values()) {
                Map<String, Object> ep = (Map<String, Object>) ((Map<String, Object>) e).get("Properties");
                Object dlq = ep == null ? null : ep.get("DeadLetterConfig");
                if (dlq instanceof Map<?, ?> d && "SQS".equals(d.get("Type")) && d.get("QueueLogicalId") instanceof String id) {
                    out.put(id, "AWS::SQS::Queue");
                }
            }
        }
        return out;
    }

    private static void checkObject(Map<String, Object> value, JsonNode properties, String path, String type,
                                    Set<String> extra, List<String> findings) {
        checkObject(value, properties, path, type, extra, findings, true);
    }

    private static void checkObject(Map<String, Object> value, JsonNode properties, String path, String type,
                                    Set<String> extra, List<String> findings, boolean requireAll) {
        for (Map.Entry<String, Object> p : value.entrySet()) {
            JsonNode spec = properties.get(p.getKey());
            if (spec == null) {
                if (!extra.contains(p.getKey())) {
                    findings.add(path + "." + p.getKey() + ": not a property of " + type);
                }
                continue;
            }
            checkValue(p.getValue(), spec.get("type"), path + "." + p.getKey(), findings);
        }
        if (requireAll) {
            properties.fields().forEachRemaining(f -> {
                if (f.getValue().path("required").asBoolean(false) && !value.containsKey(f.getKey())) {
                    findings.add(path + "." + f.getKey() + ": required by " + type);
                }
            });
        }
    }

    @SuppressWarnings("unchecked")
    private static void checkValue(Object value, JsonNode type, String path, List<String> findings) {
        if (type == null || isIntrinsic(value)) {
            return;   // an intrinsic's result is known only at deploy time
        }
        switch (type.get("type").asText()) {
            case "ref" -> {
                JsonNode def = typeDefinitions.get(type.at("/reference/$ref").asText());
                if (!(value instanceof Map)) {
                    findings.add(path + ": expected an object (" + def.get("name").asText() + ")");
                } else {
                    String name = def.get("name").asText();
                    checkObject((Map<String, Object>) value, def.get("properties"), path, name,
                            SAM_NEWER.getOrDefault(name, Set.of()), findings);
                }
            }
            case "array" -> {
                if (value instanceof List<?> list) {
                    for (int i = 0; i < list.size(); i++) {
                        checkValue(list.get(i), type.get("element"), path + "[" + i + "]", findings);
                    }
                } else {
                    findings.add(path + ": expected a list");
                }
            }
            case "map" -> {
                if (value instanceof Map<?, ?> map) {
                    map.forEach((k, v) -> checkValue(v, type.get("element"), path + "." + k, findings));
                } else {
                    findings.add(path + ": expected a map");
                }
            }
            case "union" -> {
                List<String> best = null;
                for (JsonNode member : type.get("types")) {
                    List<String> attempt = new ArrayList<>();
                    checkValue(value, member, path, attempt);
                    if (best == null || attempt.size() < best.size()) {
                        best = attempt;
                    }
                }
                findings.addAll(best);
            }
            case "json" -> {
                // free-form (policy documents and the like)
            }
            default -> {
                if (value instanceof Map || value instanceof List) {
                    findings.add(path + ": expected a " + type.get("type").asText() + ", got a structure");
                }
            }
        }
    }

    private static boolean isIntrinsic(Object value) {
        if (value instanceof Map<?, ?> m && m.size() == 1) {
            String key = String.valueOf(m.keySet().iterator().next());
            return key.startsWith("!") || key.startsWith("Fn::") || key.equals("Ref");
        }
        return false;
    }

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^!}][^}]*)}");

    @SuppressWarnings("unchecked")
    private static void walkIntrinsics(Object node, String path, Map<String, String> typeOf, Set<String> parameters,
                                       Set<String> conditions, List<String> findings) {
        if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walkIntrinsics(list.get(i), path + "[" + i + "]", typeOf, parameters, conditions, findings);
            }
            return;
        }
        if (!(node instanceof Map<?, ?> map)) {
            return;
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            Object v = e.getValue();
            switch (key) {
                case "!Ref", "Ref" -> {
                    String name = String.valueOf(v);
                    if (!typeOf.containsKey(name) && !parameters.contains(name) && !PSEUDO.contains(name)) {
                        findings.add(path + ": Ref " + name + " names no parameter or resource");
                    }
                }
                case "!GetAtt", "Fn::GetAtt" -> {
                    String target = v instanceof List<?> l ? l.get(0) + "." + l.get(1) : String.valueOf(v);
                    checkGetAtt(target, path, typeOf, findings);
                }
                case "!Sub", "Fn::Sub" -> {
                    String text = v instanceof List<?> l ? String.valueOf(l.get(0)) : String.valueOf(v);
                    Set<String> local = v instanceof List<?> l && l.size() > 1 && l.get(1) instanceof Map<?, ?> vars
                            ? (Set<String>) (Set<?>) vars.keySet() : Set.of();
                    Matcher m = SUB_VARIABLE.matcher(text);
                    while (m.find()) {
                        String var = m.group(1);
                        if (local.contains(var)) {
                            continue;
                        }
                        if (var.contains(".")) {
                            checkGetAtt(var, path, typeOf, findings);
                        } else if (!typeOf.containsKey(var) && !parameters.contains(var) && !PSEUDO.contains(var)) {
                            findings.add(path + ": Sub ${" + var + "} names no parameter or resource");
                        }
                    }
                }
                case "!If", "Fn::If", "!Condition", "Condition" -> {
                    Object name = v instanceof List<?> l ? l.get(0) : v;
                    if (name instanceof String s && !conditions.contains(s) && !path.isEmpty()) {
                        findings.add(path + ": condition " + s + " is not declared");
                    }
                }
                default -> {
                }
            }
            walkIntrinsics(v, path.isEmpty() ? key : path + "." + key, typeOf, parameters, conditions, findings);
        }
    }

    private static void checkGetAtt(String target, String path, Map<String, String> typeOf, List<String> findings) {
        int dot = target.indexOf('.');
        String id = dot < 0 ? target : target.substring(0, dot);
        String attribute = dot < 0 ? "" : target.substring(dot + 1);
        String type = typeOf.get(id);
        if (type == null) {
            findings.add(path + ": GetAtt " + target + " names no resource");
            return;
        }
        JsonNode spec = resourceTypes.get(SAM_GETATT_TARGET.getOrDefault(type, type));
        if (spec != null && !spec.path("attributes").has(attribute)) {
            findings.add(path + ": GetAtt " + target + " is not an attribute of " + type);
        }
    }
}
