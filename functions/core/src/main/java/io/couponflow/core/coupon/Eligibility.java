package io.couponflow.core.coupon;

import io.couponflow.core.decision.Reason;
import io.couponflow.core.policy.DecisionContext;

import java.time.Instant;
import java.util.Optional;

/** Why a coupon cannot be offered right now (budget and caps are checked atomically later, when taken). */
public final class Eligibility {
    private Eligibility() {
    }

    public static Optional<Reason.Code> refusal(Coupon c, DecisionContext ctx, String recentCategory, Instant now) {
        if (!c.active()) {
            return Optional.of(Reason.Code.INACTIVE);
        }
        if ((c.validFrom() != null && now.isBefore(c.validFrom())) || (c.validTo() != null && !now.isBefore(c.validTo()))) {
            return Optional.of(Reason.Code.OUTSIDE_VALIDITY);
        }
        if (ctx.cartValue() < c.minSpend()) {
            return Optional.of(Reason.Code.BELOW_MIN_SPEND);
        }
        if (c.category() != null) {
            String cat = ctx.category() != null ? ctx.category() : recentCategory;
            if (!c.category().equals(cat)) {
                return Optional.of(Reason.Code.CATEGORY_MISMATCH);
            }
        }
        return Optional.empty();
    }
}
