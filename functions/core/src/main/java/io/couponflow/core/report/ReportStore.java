package io.couponflow.core.report;

import java.util.Optional;

/** Port: where the nightly A/B report is kept (the models table, beside the policy it is about). */
public interface ReportStore {

    /**
     * Stores a report as the latest, unless a report computed later is already stored (two nights
     * racing leave the newer one); returns whether it was stored.
     */
    boolean save(long computedAt, String reportJson);

    /** The latest report's JSON, empty before the first night. */
    Optional<String> latest();
}
