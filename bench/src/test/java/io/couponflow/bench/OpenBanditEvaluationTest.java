package io.couponflow.bench;

import io.couponflow.bench.OpenBanditEvaluation.Row;
import io.couponflow.bench.OpenBanditEvaluation.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class OpenBanditEvaluationTest {

    @Test
    void read_takesColumnsByNameAndPositionsFromOne(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("women.csv");
        Files.writeString(csv, ",timestamp,item_id,position,click,propensity_score,user_feature_0\n"
                + "0,2019-11-24 00:03:13+00:00,45,3,1,0.021739,abc\n"
                + "1,2019-11-24 00:03:14+00:00,0,1,0,0.5,def\n");
        List<Row> rows = OpenBanditEvaluation.read(csv);
        assertEquals(List.of(new Row(45, 2, 1, 0.021739), new Row(0, 0, 0, 0.5)), rows);
        assertEquals(new Shape(46, 3), Shape.of(rows, List.of()), "items and positions come from the data");
    }

    @Test
    void frequencyPolicy_isTheShareOfEachPositionsImpressions() {
        List<Row> bts = List.of(new Row(0, 0, 0, 0.9), new Row(0, 0, 0, 0.1), new Row(1, 0, 0, 0.5), new Row(2, 0, 1, 0.2),
                new Row(2, 1, 0, 0.7));
        double[][] pi = OpenBanditEvaluation.frequencyPolicy(bts, new Shape(3, 2));
        assertArrayEquals(new double[]{0.5, 0.25, 0.25}, pi[0], 1e-12);
        assertArrayEquals(new double[]{0, 0, 1}, pi[1], 1e-12);
    }

    @Test
    void meanPropensityPolicy_normalisesTheMeanLoggedPropensityPerPosition() {
        List<Row> bts = List.of(new Row(0, 0, 0, 0.9), new Row(0, 0, 0, 0.1), new Row(1, 0, 0, 0.5), new Row(2, 0, 1, 0.2));
        double[][] pi = OpenBanditEvaluation.meanPropensityPolicy(bts, new Shape(3, 1));
        // means 0.5, 0.5, 0.2, normalised by 1.2: item 0 shown twice as often as item 1 yet weighs the same
        assertArrayEquals(new double[]{0.5 / 1.2, 0.5 / 1.2, 0.2 / 1.2}, pi[0], 1e-12);
    }
}
