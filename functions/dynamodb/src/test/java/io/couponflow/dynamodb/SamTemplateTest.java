package io.couponflow.dynamodb;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** infra/template.yaml declares every table exactly as TableDefinitions does, and grants no wildcards. */
class SamTemplateTest {

    @Test
    @SuppressWarnings("unchecked")
    void everyTable_hasTheCodesKeysIndexesAndTtl() {
        Map<String, Object> resources = SamTemplate.resources();
        for (TableDefinitions.TableSpec spec : TableDefinitions.all()) {
            Map<String, Object> table = (Map<String, Object>) resources.get(spec.samResource());
            assertNotNull(table, spec.samResource() + " is declared");
            assertEquals("AWS::DynamoDB::Table", table.get("Type"));
            Map<String, Object> p = (Map<String, Object>) table.get("Properties");
            assertEquals("PAY_PER_REQUEST", p.get("BillingMode"), spec.samResource());
            assertEquals(keys(spec.partitionKey(), spec.sortKey()), keySchema(p.get("KeySchema")), spec.samResource());

            Set<String> expectedAttributes = new HashSet<>(keys(spec.partitionKey(), spec.sortKey()).keySet());
            Map<String, Map<String, String>> expectedGlobal = indexKeys(spec.globalIndexes(), expectedAttributes);
            Map<String, Map<String, String>> expectedLocal = indexKeys(spec.localIndexes(), expectedAttributes);
            Map<String, String> attributes = new HashMap<>();
            for (Map<String, Object> a : (List<Map<String, Object>>) p.get("AttributeDefinitions")) {
                attributes.put((String) a.get("AttributeName"), (String) a.get("AttributeType"));
            }
            assertEquals(expectedAttributes, attributes.keySet(), spec.samResource() + " attribute definitions");
            assertTrue(attributes.values().stream().allMatch("S"::equals));
            assertEquals(expectedGlobal, declaredIndexes(p, "GlobalSecondaryIndexes"), spec.samResource() + " global indexes");
            assertEquals(expectedLocal, declaredIndexes(p, "LocalSecondaryIndexes"), spec.samResource() + " local indexes");

            Map<String, Object> ttl = (Map<String, Object>) p.get("TimeToLiveSpecification");
            if (spec.ttlAttribute() == null) {
                assertEquals(null, ttl, spec.samResource() + " has no TTL");
            } else {
                assertEquals(spec.ttlAttribute(), ttl.get("AttributeName"), spec.samResource() + " TTL");
                assertEquals(Boolean.TRUE, ttl.get("Enabled"));
            }
            assertEquals(Boolean.TRUE, ((Map<String, Object>) p.get("PointInTimeRecoverySpecification"))
                    .get("PointInTimeRecoveryEnabled"), spec.samResource() + " PITR");
            assertEquals(Boolean.TRUE, ((Map<String, Object>) p.get("SSESpecification")).get("SSEEnabled"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void functions_pointAtRealModulesAndEnvironmentVariablesAtRealSettings() throws java.io.IOException {
        java.nio.file.Path root = io.couponflow.testing.RepoRoot.find();
        Set<String> settings = settingVariables(root);
        assertTrue(settings.contains("COUPONFLOW_RETRAIN_GAMMA") && settings.contains("COUPONFLOW_TABLES_EVENTS"),
                "the settings are read from the config mappings: " + settings);
        Map<String, Map<String, Object>> functions = SamTemplate.functions();
        Map<String, Map<String, Object>> environments = SamTemplate.functionEnvironments();
        functions.forEach((function, p) -> {
            String codeUri = (String) p.get("CodeUri");
            java.nio.file.Path module = root.resolve("infra").resolve(codeUri).normalize().getParent().getParent();
            assertTrue(java.nio.file.Files.isRegularFile(module.resolve("pom.xml")), function + " CodeUri " + codeUri);
            for (String name : environments.get(function).keySet()) {
                if (name.startsWith("COUPONFLOW_")) {
                    assertTrue(settings.contains(name), function + " sets " + name + ", which no setting reads");
                }
            }
        });
        assertEquals(3, functions.size());
    }

    /**
     * The environment variable of every setting the functions declare: each @ConfigMapping interface
     * (prefix, methods, nested interfaces) read from the sources, each property mapped as SmallRye
     * Config maps environment variables (upper case, '.' and '-' as '_').
     */
    static Set<String> settingVariables(java.nio.file.Path root) throws java.io.IOException {
        Set<String> out = new java.util.TreeSet<>();
        java.util.regex.Pattern method = java.util.regex.Pattern.compile("^\\s+(?:[\\w.<>]+)\\s+(\\w+)\\(\\);");
        java.util.regex.Pattern nested = java.util.regex.Pattern.compile("^\\s+interface (\\w+) \\{");
        try (var files = java.nio.file.Files.walk(root.resolve("functions"))) {
            for (java.nio.file.Path f : files.filter(x -> x.toString().endsWith("Config.java") && x.toString().contains("src/main")).toList()) {
                List<String> lines = java.nio.file.Files.readAllLines(f);
                String prefix = lines.stream().filter(l -> l.contains("@ConfigMapping(prefix = \"")).findFirst()
                        .map(l -> l.replaceAll(".*prefix = \"([^\"]+)\".*", "$1")).orElse(null);
                if (prefix == null) {
                    continue;
                }
                String inner = null;
                for (String l : lines) {
                    java.util.regex.Matcher n = nested.matcher(l);
                    if (n.find()) {
                        inner = Character.toLowerCase(n.group(1).charAt(0)) + n.group(1).substring(1);
                        continue;
                    }
                    if (inner != null && l.equals("    }")) {
                        inner = null;
                    }
                    java.util.regex.Matcher m = method.matcher(l);
                    if (m.find()) {
                        String kebab = m.group(1).replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
                        String property = prefix + "." + (inner == null ? "" : inner + ".") + kebab;
                        out.add(property.toUpperCase().replace('.', '_').replace('-', '_'));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Each HTTP route the template gives a function has a sample event in events/ named for that
     * function, and each sample's route is in the template; the function's SampleEventsTest drives
     * every such sample through the real handler with its documented answer (200 for the plain
     * samples), so a route the code does not serve cannot be declared, nor served without a route.
     */
    @Test
    @SuppressWarnings("unchecked")
    void httpRoutes_eachHasASampleServedByItsFunction() throws java.io.IOException {
        java.nio.file.Path root = io.couponflow.testing.RepoRoot.find();
        Map<String, Set<String>> samplesByRoute = new HashMap<>();
        // the samples are JSON, which the YAML parser already on this class path reads
        org.yaml.snakeyaml.Yaml json = new org.yaml.snakeyaml.Yaml(
                new org.yaml.snakeyaml.constructor.SafeConstructor(new org.yaml.snakeyaml.LoaderOptions()));
        try (var files = java.nio.file.Files.list(root.resolve("events"))) {
            for (java.nio.file.Path f : files.toList()) {
                Object route = ((Map<String, Object>) json.load(java.nio.file.Files.readString(f))).getOrDefault("routeKey", "");
                if (!"".equals(route) && !"$default".equals(route)) {
                    samplesByRoute.computeIfAbsent((String) route, k -> new HashSet<>()).add(f.getFileName().toString());
                }
            }
        }
        Map<String, String> declared = httpRoutes();
        declared.forEach((route, function) -> {
            String prefix = function.replace("Function", "").toLowerCase() + "-";
            Set<String> samples = samplesByRoute.getOrDefault(route, Set.of());
            assertTrue(samples.stream().anyMatch(n -> n.startsWith(prefix)),
                    function + " declares " + route + " but events/ has no " + prefix + "* sample for it: " + samples);
        });
        assertEquals(new java.util.TreeSet<>(declared.keySet()), new java.util.TreeSet<>(samplesByRoute.keySet()),
                "routes in the template vs routes of the samples in events/");
    }

    @Test
    void policies_nameNoWildcardActionOrResource() {
        List<String> wildcards = new ArrayList<>();
        Set<String> routeArns = new HashSet<>();
        httpRoutes().keySet().forEach(r -> routeArns.add(routeArn(r)));
        findWildcards(SamTemplate.resources(), "Resources", wildcards, routeArns);
        assertEquals(List.of(), wildcards);
    }

    /** The routes a storefront backend may call; every other route is an operator's. */
    static final Set<String> CLIENT_ROUTES = Set.of("POST /v1/events", "POST /v1/decisions");

    /**
     * With IAM auth, the client and admin managed policies grant execute-api:Invoke on exactly their
     * routes (client: events and decisions; admin: every other route), each route in one of them, and
     * the stack outputs both for attaching. A new route fails here until it is given to one side.
     */
    @Test
    @SuppressWarnings("unchecked")
    void iamPolicies_grantClientsAndAdminsExactlyTheirRoutes() {
        Map<String, Object> resources = SamTemplate.resources();
        Set<String> routes = httpRoutes().keySet();
        Set<String> client = new java.util.TreeSet<>();
        Set<String> admin = new java.util.TreeSet<>();
        routes.forEach(r -> (CLIENT_ROUTES.contains(r) ? client : admin).add(routeArn(r)));
        assertTrue(routes.containsAll(CLIENT_ROUTES), "the client routes exist: " + routes);
        assertTrue(admin.contains(routeArn("GET /v1/report")), "the A/B report (what couponflow earns) is an operator's: " + admin);
        assertEquals(client, invokeResources(resources, "ApiClientPolicy"));
        assertEquals(admin, invokeResources(resources, "ApiAdminPolicy"));
        Map<String, Object> outputs = (Map<String, Object>) SamTemplate.load().get("Outputs");
        for (String[] o : new String[][]{{"ApiClientPolicyArn", "ApiClientPolicy"}, {"ApiAdminPolicyArn", "ApiAdminPolicy"}}) {
            Map<String, Object> output = (Map<String, Object>) outputs.get(o[0]);
            assertEquals(Map.of("!Ref", o[1]), output.get("Value"), o[0]);
            assertEquals("UseIam", output.get("Condition"), o[0] + " exists only where its policy does");
            assertEquals("UseIam", ((Map<String, Object>) resources.get(o[1])).get("Condition"));
        }
    }

    /**
     * infra/openapi.yaml documents exactly the template's routes, each tagged by who may call it as the
     * IAM policies grant it (client: CLIENT_ROUTES, admin: the rest), so neither can gain a route alone;
     * each operation's security is a signature or a token with its side's scope (the template's
     * ClientScope or AdminScope default), as RouteSecurityTest checks the template requires.
     */
    @Test
    @SuppressWarnings("unchecked")
    void openApi_documentsExactlyTheTemplatesRoutes_taggedByCaller() throws java.io.IOException {
        Map<String, Object> doc = new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(
                new org.yaml.snakeyaml.LoaderOptions())).load(java.nio.file.Files.readString(
                io.couponflow.testing.RepoRoot.find().resolve("infra/openapi.yaml")));
        Map<String, Object> parameters = (Map<String, Object>) SamTemplate.load().get("Parameters");
        Map<String, Object> scopes = Map.of(
                "client", ((Map<String, Object>) parameters.get("ClientScope")).get("Default"),
                "admin", ((Map<String, Object>) parameters.get("AdminScope")).get("Default"));
        assertEquals(null, doc.get("security"), "security is per operation, as the template has it");
        Map<String, String> documented = new HashMap<>();
        ((Map<String, Object>) doc.get("paths")).forEach((path, item) -> ((Map<String, Object>) item).forEach((method, op) -> {
            if (Set.of("get", "put", "post", "delete", "patch").contains(method)) {
                List<String> tags = (List<String>) ((Map<String, Object>) op).get("tags");
                assertEquals(1, tags.size(), method + " " + path + " has one caller tag");
                documented.put(method.toUpperCase() + " " + path, tags.get(0));
                assertEquals(List.of(Map.of("iam", List.of()), Map.of("jwt", List.of(scopes.get(tags.get(0))))),
                        ((Map<String, Object>) op).get("security"), method + " " + path + " security");
            }
        }));
        assertEquals(new java.util.TreeSet<>(httpRoutes().keySet()), new java.util.TreeSet<>(documented.keySet()),
                "routes in the template vs operations in infra/openapi.yaml");
        documented.forEach((route, tag) -> assertEquals(CLIENT_ROUTES.contains(route) ? "client" : "admin", tag, route));
    }

    /** The AWS metrics the dashboard and alarms may read: namespace → metric → its dimension. */
    private static final Map<String, Map<String, String>> AWS_METRICS = Map.of(
            "AWS/ApiGateway", Map.of("Count", "ApiId", "4xx", "ApiId", "5xx", "ApiId", "Latency", "ApiId"),
            "AWS/Lambda", Map.of("Errors", "FunctionName", "Throttles", "FunctionName"),
            "AWS/SQS", Map.of("ApproximateNumberOfMessagesVisible", "QueueName"));

    /**
     * The dashboard's body is JSON once its ${...} variables are filled; every metric it shows is one
     * the code emits (core's Metric, under its function's dimension) or an AWS metric of the stack's own
     * resources; and it shows every metric the code emits.
     */
    @Test
    @SuppressWarnings("unchecked")
    void dashboard_isJsonShowingEveryMetricTheCodeEmits() throws java.io.IOException {
        Map<String, Object> dashboard = (Map<String, Object>) SamTemplate.resources().get("Dashboard");
        assertEquals("AWS::CloudWatch::Dashboard", dashboard.get("Type"));
        String body = (String) ((Map<String, Object>) ((Map<String, Object>) dashboard.get("Properties")).get("DashboardBody")).get("!Sub");
        com.fasterxml.jackson.databind.JsonNode widgets = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(body.replaceAll("\\$\\{[^}]+}", "resolved-at-deploy")).get("widgets");
        assertTrue(widgets.size() >= 8, "widgets: " + widgets.size());
        Set<io.couponflow.core.metrics.Metric> shown = new HashSet<>();
        List<String> unknown = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode w : widgets) {
            for (com.fasterxml.jackson.databind.JsonNode row : w.at("/properties/metrics")) {
                if (!row.get(0).isTextual()) {
                    assertTrue(row.get(0).has("expression"), "a row is a metric or an expression: " + row);
                    continue;
                }
                String problem = metricProblem(row.get(0).asText(), row.get(1).asText(), row.get(2).asText(), row.get(3).asText(), shown);
                if (problem != null) {
                    unknown.add(w.at("/properties/title").asText() + ": " + problem);
                }
            }
        }
        assertEquals(List.of(), unknown);
        assertEquals(Set.of(io.couponflow.core.metrics.Metric.values()), shown, "every metric the code emits is on the dashboard");
    }

    /**
     * Every alarm reads metrics the code emits or the stack's AWS metrics, and together they watch what
     * issue 15 asks: 5xx rate, p99 latency, fallback share, budgets spent early, retrain failure and its
     * dead letters, throttles.
     */
    @Test
    @SuppressWarnings("unchecked")
    void alarms_readRealMetrics_andCoverTheOperatorsRisks() {
        Set<String> watched = new HashSet<>();
        List<String> unknown = new ArrayList<>();
        int alarms = 0;
        for (Map.Entry<String, Object> r : SamTemplate.resources().entrySet()) {
            Map<String, Object> res = (Map<String, Object>) r.getValue();
            if (!"AWS::CloudWatch::Alarm".equals(res.get("Type"))) {
                continue;
            }
            alarms++;
            Map<String, Object> p = (Map<String, Object>) res.get("Properties");
            List<Map<String, Object>> metrics = new ArrayList<>();
            if (p.get("MetricName") != null) {
                metrics.add(p);
            }
            Set<String> ids = new HashSet<>();
            StringBuilder expressions = new StringBuilder();
            for (Map<String, Object> q : (List<Map<String, Object>>) p.getOrDefault("Metrics", List.of())) {
                if (q.get("Expression") != null) {
                    expressions.append(q.get("Expression")).append(' ');
                } else {
                    ids.add((String) q.get("Id"));
                    metrics.add((Map<String, Object>) ((Map<String, Object>) q.get("MetricStat")).get("Metric"));
                }
            }
            // metric math: the expression reads exactly the alarm's metrics
            Set<String> named = new HashSet<>();
            for (String token : expressions.toString().split("[^A-Za-z0-9_]+")) {
                if (!token.isEmpty() && !token.matches("[0-9]+|IF")) {
                    named.add(token);
                }
            }
            assertEquals(ids, named, r.getKey() + ": the metrics its expression reads");
            assertFalse(metrics.isEmpty(), r.getKey() + " reads a metric");
            for (Map<String, Object> m : metrics) {
                Map<String, Object> dim = ((List<Map<String, Object>>) m.get("Dimensions")).get(0);
                Object value = dim.get("Value");
                String problem = metricProblem((String) m.get("Namespace"), (String) m.get("MetricName"), (String) dim.get("Name"),
                        value instanceof String v ? v : "resolved-at-deploy", new HashSet<>());
                if (problem != null) {
                    unknown.add(r.getKey() + ": " + problem);
                }
                watched.add(m.get("Namespace") + "/" + m.get("MetricName"));
            }
        }
        assertEquals(List.of(), unknown);
        assertEquals(7, alarms);
        assertTrue(watched.containsAll(Set.of("AWS/ApiGateway/5xx", "couponflow/DecisionLatency", "couponflow/Fallback",
                "couponflow/BudgetExhaustedEarly", "AWS/Lambda/Errors", "AWS/SQS/ApproximateNumberOfMessagesVisible",
                "AWS/Lambda/Throttles")), "watched: " + watched);
    }

    /**
     * The alarms notify AlarmTopicArn, on alarm and on recovery, only when it is set: HasAlarmTopic is
     * false for the parameter's default (no actions at all) and true for a topic's ARN.
     */
    @Test
    @SuppressWarnings("unchecked")
    void alarmActions_onlyWhenATopicIsGiven() {
        Map<String, Object> template = SamTemplate.load();
        Map<String, Object> parameter = (Map<String, Object>) ((Map<String, Object>) template.get("Parameters")).get("AlarmTopicArn");
        Object condition = ((Map<String, Object>) template.get("Conditions")).get("HasAlarmTopic");
        String topic = "arn:aws:sns:us-east-1:123456789012:couponflow-ops";
        assertFalse(isTrue(condition, Map.of("AlarmTopicArn", parameter.get("Default"))), "no topic by default");
        assertTrue(isTrue(condition, Map.of("AlarmTopicArn", topic)));
        Map<String, Object> expected = Map.of("!If", List.of("HasAlarmTopic", List.of(Map.of("!Ref", "AlarmTopicArn")),
                Map.of("!Ref", "AWS::NoValue")));
        SamTemplate.resources().forEach((id, r) -> {
            Map<String, Object> res = (Map<String, Object>) r;
            if ("AWS::CloudWatch::Alarm".equals(res.get("Type"))) {
                Map<String, Object> p = (Map<String, Object>) res.get("Properties");
                assertEquals(expected, p.get("AlarmActions"), id);
                assertEquals(expected, p.get("OKActions"), id);
            }
        });
    }

    /** A condition's value for the given parameters (the functions a condition may use here: Not, Equals, Ref). */
    @SuppressWarnings("unchecked")
    private static boolean isTrue(Object condition, Map<String, Object> parameters) {
        Map<String, Object> c = (Map<String, Object>) condition;
        if (c.containsKey("!Not")) {
            return !isTrue(((List<Object>) c.get("!Not")).get(0), parameters);
        }
        List<Object> pair = (List<Object>) c.get("!Equals");
        assertNotNull(pair, "a condition of Not and Equals: " + c);
        return String.valueOf(value(pair.get(0), parameters)).equals(String.valueOf(value(pair.get(1), parameters)));
    }

    @SuppressWarnings("unchecked")
    private static Object value(Object v, Map<String, Object> parameters) {
        if (v instanceof Map<?, ?> m && m.containsKey("!Ref")) {
            assertTrue(parameters.containsKey(m.get("!Ref")), "a parameter: " + m);
            return parameters.get(m.get("!Ref"));
        }
        return v;
    }

    /** Why a metric is not one the stack has, or null when it is (a couponflow one is added to {@code seen}). */
    private static String metricProblem(String namespace, String name, String dimension, String dimensionValue,
                                        Set<io.couponflow.core.metrics.Metric> seen) {
        if ("couponflow".equals(namespace)) {
            for (io.couponflow.core.metrics.Metric m : io.couponflow.core.metrics.Metric.values()) {
                if (m.metricName().equals(name)) {
                    if (!"Function".equals(dimension) || !m.function().equals(dimensionValue)) {
                        return name + " is " + m.function() + "'s, under dimension Function, not " + dimension + "=" + dimensionValue;
                    }
                    seen.add(m);
                    return null;
                }
            }
            return "couponflow emits no " + name;
        }
        Map<String, String> known = AWS_METRICS.get(namespace);
        if (known == null || !dimension.equals(known.get(name))) {
            return namespace + " " + name + " by " + dimension + " is not a metric this stack reads";
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Set<String> invokeResources(Map<String, Object> resources, String policy) {
        Map<String, Object> res = (Map<String, Object>) resources.get(policy);
        assertEquals("AWS::IAM::ManagedPolicy", res.get("Type"), policy);
        Map<String, Object> doc = (Map<String, Object>) ((Map<String, Object>) res.get("Properties")).get("PolicyDocument");
        List<Map<String, Object>> statements = (List<Map<String, Object>>) doc.get("Statement");
        assertEquals(1, statements.size(), policy);
        Map<String, Object> st = statements.get(0);
        assertEquals("Allow", st.get("Effect"));
        assertEquals(List.of("execute-api:Invoke"), st.get("Action"));
        Set<String> out = new java.util.TreeSet<>();
        for (Object r : (List<Object>) st.get("Resource")) {
            out.add((String) ((Map<String, Object>) r).get("!Sub"));
        }
        return out;
    }

    /** The execute-api ARN of a route on the HTTP API's $default stage; a path parameter matches any segment (*). */
    static String routeArn(String route) {
        String[] mp = route.split(" ", 2);
        return "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${HttpApi}/$default/" + mp[0]
                + mp[1].replaceAll("\\{[^}/]+\\}", "*");
    }

    /** "METHOD /path" of every HttpApi event → the function that serves it. */
    @SuppressWarnings("unchecked")
    static Map<String, String> httpRoutes() {
        Map<String, String> out = new HashMap<>();
        for (Map.Entry<String, Object> r : SamTemplate.resources().entrySet()) {
            Map<String, Object> res = (Map<String, Object>) r.getValue();
            Map<String, Object> p = (Map<String, Object>) res.get("Properties");
            if (!"AWS::Serverless::Function".equals(res.get("Type")) || p.get("Events") == null) {
                continue;
            }
            for (Object e : ((Map<String, Object>) p.get("Events")).values()) {
                Map<String, Object> event = (Map<String, Object>) e;
                if ("HttpApi".equals(event.get("Type"))) {
                    Map<String, Object> ep = (Map<String, Object>) event.get("Properties");
                    out.put(ep.get("Method") + " " + ep.get("Path"), r.getKey());
                }
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void findWildcards(Object node, String path, List<String> out, Set<String> routeArns) {
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                if ((key.equals("Action") || key.equals("Resource")) && containsStar(e.getValue(), routeArns)) {
                    out.add(path + "." + key + " = " + e.getValue());
                }
                findWildcards(e.getValue(), path + "." + key, out, routeArns);
            }
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                findWildcards(list.get(i), path + "[" + i + "]", out, routeArns);
            }
        }
    }

    /** A star anywhere, !Sub strings included, except a declared route's ARN (its stars are path parameters). */
    private static boolean containsStar(Object v, Set<String> routeArns) {
        if (v instanceof String s) {
            return s.contains("*") && !routeArns.contains(s);
        }
        if (v instanceof List<?> l) {
            return l.stream().anyMatch(x -> containsStar(x, routeArns));
        }
        if (v instanceof Map<?, ?> m) {
            return m.values().stream().anyMatch(x -> containsStar(x, routeArns));
        }
        return false;
    }

    private static Map<String, Map<String, String>> indexKeys(List<TableDefinitions.IndexSpec> indexes, Set<String> attributes) {
        Map<String, Map<String, String>> out = new HashMap<>();
        for (TableDefinitions.IndexSpec index : indexes) {
            out.put(index.name(), keys(index.partitionKey(), index.sortKey()));
            attributes.addAll(out.get(index.name()).keySet());
        }
        return out;
    }

    /** Index name → key schema, for the indexes of one kind; each projects every attribute, as TableDefinitions' do. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, String>> declaredIndexes(Map<String, Object> properties, String kind) {
        Map<String, Map<String, String>> out = new HashMap<>();
        for (Map<String, Object> index : (List<Map<String, Object>>) properties.getOrDefault(kind, List.of())) {
            out.put((String) index.get("IndexName"), keySchema(index.get("KeySchema")));
            assertEquals("ALL", ((Map<String, Object>) index.get("Projection")).get("ProjectionType"), index.get("IndexName") + " projection");
        }
        return out;
    }

    private static Map<String, String> keys(String partition, String sort) {
        Map<String, String> m = new HashMap<>();
        m.put(partition, "HASH");
        if (sort != null) {
            m.put(sort, "RANGE");
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> keySchema(Object schema) {
        Map<String, String> m = new HashMap<>();
        for (Map<String, Object> k : (List<Map<String, Object>>) schema) {
            m.put((String) k.get("AttributeName"), (String) k.get("KeyType"));
        }
        return m;
    }
}
