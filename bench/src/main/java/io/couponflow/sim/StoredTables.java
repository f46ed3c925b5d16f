package io.couponflow.sim;

import io.couponflow.dynamodb.TableNames;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a demo run left in its tables, one item a line, sorted, so that two runs can be compared
 * with {@code diff} (Demo {@code --dump PATH}): what made them part shows as the first differing lines.
 */
final class StoredTables {

    private StoredTables() {
    }

    static void write(DynamoDbClient dynamo, TableNames tables, Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String table : List.of(tables.events(), tables.decisions(), tables.budgets(), tables.models())) {
            List<String> items = new ArrayList<>();
            dynamo.scanPaginator(ScanRequest.builder().tableName(table).build()).items()
                    .forEach(item -> items.add(table + " " + line(item)));
            items.sort(null);
            lines.addAll(items);
        }
        Files.write(file, lines);
    }

    private static String line(Map<String, AttributeValue> item) {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(item).forEach((k, v) -> b.append(k).append('=').append(value(v)).append(' '));
        return b.toString().trim();
    }

    private static String value(AttributeValue v) {
        if (v.s() != null) {
            return v.s();
        }
        if (v.n() != null) {
            return v.n();
        }
        if (v.hasM()) {
            return "{" + line(v.m()) + "}";
        }
        if (v.hasL()) {
            List<String> parts = new ArrayList<>();
            v.l().forEach(x -> parts.add(value(x)));
            return parts.toString();
        }
        return v.toString();
    }
}
