package io.couponflow.dynamodb;

/** Physical table names: they come from configuration (SAM passes them as environment variables). */
public record TableNames(String events, String decisions, String coupons, String budgets, String models) {

    /** Names with a common prefix, as the tests and the local stack use them. */
    public static TableNames withPrefix(String prefix) {
        return new TableNames(prefix + "events", prefix + "decisions", prefix + "coupons",
                prefix + "budgets", prefix + "models");
    }
}
