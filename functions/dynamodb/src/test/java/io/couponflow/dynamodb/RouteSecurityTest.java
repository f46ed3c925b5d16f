package io.couponflow.dynamodb;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may call what, per route, in the HTTP API's OpenAPI body (infra/template.yaml, HttpApi
 * DefinitionBody): each route's security is an !If on UseJwt, resolved here for each ApiAuth value as
 * CloudFormation resolves it. The routes are the functions' HttpApi events (SamTemplateTest.httpRoutes),
 * split by SamTemplateTest.CLIENT_ROUTES as the IAM policies are, so a new route fails here until the
 * body gives it to one side.
 */
class RouteSecurityTest {

    private static final Map<String, Object> JWT = Map.of("ApiAuth", "JWT", "JwtIssuer", "https://issuer.example.com",
            "JwtAudience", "couponflow");
    private static final Map<String, Object> IAM = Map.of("ApiAuth", "IAM");

    /**
     * With ApiAuth=JWT every client route requires ClientScope and every other route AdminScope, of the
     * one JWT authorizer (the stack's issuer and audience); the two scopes' defaults differ, so a
     * storefront token cannot call an operator's route.
     */
    @Test
    void jwt_clientRoutesRequireTheClientScope_andEveryOtherRouteTheAdminScope() {
        Map<String, Object> parameters = parameters(JWT);
        String client = (String) parameters.get("ClientScope");
        String admin = (String) parameters.get("AdminScope");
        assertNotNull(client, "ClientScope has a default");
        assertNotNull(admin, "AdminScope has a default");
        assertNotEquals(client, admin, "a client token must not pass an admin route");

        Map<String, Object> body = resolvedBody(JWT);
        Map<String, Object> expected = new TreeMap<>();
        SamTemplateTest.httpRoutes().keySet().forEach(r -> expected.put(r,
                List.of(Map.of("JwtAuthorizer", List.of(SamTemplateTest.CLIENT_ROUTES.contains(r) ? client : admin)))));
        assertEquals(expected, securityByRoute(body));
        assertTrue(expected.containsKey("GET /v1/report") && !SamTemplateTest.CLIENT_ROUTES.contains("GET /v1/report"),
                "the A/B report (what couponflow earns) is an operator's");

        assertEquals(Set.of("JwtAuthorizer"), schemes(body).keySet(), "the JWT authorizer is the only scheme");
        Map<String, Object> jwt = map(schemes(body).get("JwtAuthorizer"));
        assertEquals("oauth2", jwt.get("type"));
        Map<String, Object> authorizer = map(jwt.get("x-amazon-apigateway-authorizer"));
        assertEquals("jwt", authorizer.get("type"));
        assertEquals("$request.header.Authorization", authorizer.get("identitySource"));
        assertEquals(Map.of("issuer", "https://issuer.example.com", "audience", List.of("couponflow")),
                authorizer.get("jwtConfiguration"));
    }

    /** With ApiAuth=IAM (the default) every route requires a SigV4 signature; the managed policies say whose. */
    @Test
    void iam_everyRouteRequiresASignature() {
        assertEquals("IAM", parameters(Map.of()).get("ApiAuth"), "IAM is the default");
        Map<String, Object> body = resolvedBody(IAM);
        Map<String, Object> expected = new TreeMap<>();
        SamTemplateTest.httpRoutes().keySet().forEach(r -> expected.put(r, List.of(Map.of("AWS_IAM", List.of()))));
        assertEquals(expected, securityByRoute(body));
        assertEquals(Map.of("AWS_IAM", Map.of("type", "apiKey", "name", "Authorization", "in", "header",
                "x-amazon-apigateway-authtype", "awsSigv4")), schemes(body));
    }

    /**
     * SAM's Auth on the API would merge its own authorizers into the body's schemes and give a route the
     * body forgot its default authorizer; with the body as the one place, a forgotten route must fail the
     * tests above instead, and the body must name no route that no function serves.
     */
    @Test
    @SuppressWarnings("unchecked")
    void httpApi_hasNoSamAuth_andItsBodyNamesOnlyTheFunctionsRoutes() {
        Map<String, Object> api = map(((Map<String, Object>) SamTemplate.resources().get("HttpApi")).get("Properties"));
        assertNull(api.get("Auth"), "who may call what is the body's per-route security, not SAM's Auth");
        assertFalse(SamTemplateTest.httpRoutes().isEmpty());
        for (Map<String, Object> parameterValues : List.of(JWT, IAM)) {
            Set<String> declared = new TreeSet<>(securityByRoute(resolvedBody(parameterValues)).keySet());
            assertEquals(new TreeSet<>(SamTemplateTest.httpRoutes().keySet()), declared, "routes of the body vs the events");
        }
    }

    /** "METHOD /path" → that operation's resolved security. */
    private static Map<String, Object> securityByRoute(Map<String, Object> body) {
        Map<String, Object> out = new TreeMap<>();
        map(body.get("paths")).forEach((path, item) -> map(item).forEach((method, op) ->
                out.put(method.toUpperCase() + " " + path, map(op).get("security"))));
        return out;
    }

    private static Map<String, Object> schemes(Map<String, Object> body) {
        return map(map(body.get("components")).get("securitySchemes"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> resolvedBody(Map<String, Object> parameterValues) {
        Map<String, Object> template = SamTemplate.load();
        Map<String, Object> parameters = parameters(parameterValues);
        Map<String, Boolean> conditions = new HashMap<>();
        map(template.get("Conditions")).forEach((name, c) -> conditions.put(name, isTrue(c, parameters)));
        Object body = map(((Map<String, Object>) SamTemplate.resources().get("HttpApi")).get("Properties")).get("DefinitionBody");
        assertNotNull(body, "HttpApi has a DefinitionBody");
        return map(resolve(body, parameters, conditions));
    }

    /** Every parameter's default, overridden by the given values. */
    private static Map<String, Object> parameters(Map<String, Object> values) {
        Map<String, Object> out = new HashMap<>();
        map(SamTemplate.load().get("Parameters")).forEach((name, p) -> {
            Object d = map(p).get("Default");
            if (d != null) {
                out.put(name, String.valueOf(d));
            }
        });
        out.putAll(values);
        return out;
    }

    /** A node with its !If and parameter !Ref resolved (pseudo parameters stay as they are). */
    @SuppressWarnings("unchecked")
    private static Object resolve(Object node, Map<String, Object> parameters, Map<String, Boolean> conditions) {
        if (node instanceof Map<?, ?> m) {
            if (m.size() == 1 && m.containsKey("!If")) {
                List<Object> args = (List<Object>) m.get("!If");
                Boolean c = conditions.get((String) args.get(0));
                assertNotNull(c, "a declared condition: " + args.get(0));
                return resolve(args.get(c ? 1 : 2), parameters, conditions);
            }
            if (m.size() == 1 && m.get("!Ref") instanceof String ref && parameters.containsKey(ref)) {
                return parameters.get(ref);
            }
            Map<String, Object> out = new TreeMap<>();
            m.forEach((k, v) -> out.put((String) k, resolve(v, parameters, conditions)));
            return out;
        }
        if (node instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(resolve(x, parameters, conditions)));
            return out;
        }
        return node;
    }

    /** A condition's value (the functions the template's conditions use: Not, Equals, Ref). */
    @SuppressWarnings("unchecked")
    private static boolean isTrue(Object condition, Map<String, Object> parameters) {
        Map<String, Object> c = map(condition);
        if (c.containsKey("!Not")) {
            return !isTrue(((List<Object>) c.get("!Not")).get(0), parameters);
        }
        List<Object> pair = (List<Object>) c.get("!Equals");
        assertNotNull(pair, "a condition of Not and Equals: " + c);
        return String.valueOf(resolve(pair.get(0), parameters, Map.of()))
                .equals(String.valueOf(resolve(pair.get(1), parameters, Map.of())));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertTrue(o instanceof Map, "a map: " + o);
        return (Map<String, Object>) o;
    }
}
