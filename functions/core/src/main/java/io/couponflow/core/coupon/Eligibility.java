package io.couponflow.core.coupon;

import io.couponflow.core.policy.DecisionContext;

import java.time.Instant;
import java.util.Optional;

/** Why a coupon cannot be offered right now (budget and caps are checked atomically later, when taken). */
public final class Eligibility {
    private Eligibility() {
    }

    public static Optional<String> refusal(Coupon c, DecisionContext ctx, String recentCategory, Instant now) {
        if (!c.active()) {
            return Optional.of("INACTIVE");
        }
        if ((c.validFrom() != null && now.isBefore(c.validFrom())) || (c.validTo() != null && !now.isBefore(c.validTo()))) {
            return Optional.of("OUTSIDE_VALIDITY");
        }
        if (ctx.cartValue() < c.minSpend()) {
            return Optional.of("BELOW_MIN_SPEND");
        }
        if (c.category() != null) {
            String cat = ctx.category() != null ? ctx.category() : recentCategory;
            if (!c.category().equals(cat)) {
                return Optional.of("CATEGORY_MISMATCH");
            }
        }
        return Optional.empty();
    }
}
