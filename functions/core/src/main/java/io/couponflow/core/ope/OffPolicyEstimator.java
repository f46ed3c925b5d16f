package io.couponflow.core.ope;

import java.util.List;

/**
 * The common contract of the estimators: the estimated value of a target policy from rounds logged by
 * another. Each implementation states its formula; {@link Bootstrap} adds the interval.
 */
public interface OffPolicyEstimator {
    /** Short id used in tables and summaries (ips, snips, dm, dr, sndr). */
    String id();

    /** The point estimate over these rounds. */
    double value(List<LoggedRound> rounds);
}
